package org.vdpacompute.virt;

import java.util.UUID;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;

/** No guest with the instance's UUID is defined on the host. */
public class GuestNotFoundException extends VdpaComputeException {
  private final String host;
  private final UUID instance;

  public GuestNotFoundException(String host, UUID instance) {
    super("no guest " + instance + " is defined on host " + host);
    this.host = host;
    this.instance = instance;
  }

  public String host() {
    return host;
  }

  public UUID instance() {
    return instance;
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.NOT_FOUND;
  }
}

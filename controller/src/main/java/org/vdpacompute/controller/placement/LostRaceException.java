package org.vdpacompute.controller.placement;

import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;

/**
 * A claim on a host lost a race: another request (of this controller or another) took what the
 * ranking found free there before this one could record it. The caller tries the next host.
 */
public final class LostRaceException extends VdpaComputeException {
  private final String host;

  LostRaceException(String instanceUuid, String host, RuntimeException cause) {
    super("the claim for instance " + instanceUuid + " on host " + host + " lost a race: " + cause.getMessage(), cause);
    this.host = host;
  }

  public String host() {
    return host;
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFLICT;
  }
}

package org.vdpacompute.virt;

import java.util.UUID;
import org.vdpacompute.core.VdpaComputeException;

/** The hypervisor could not carry out an operation on a guest. */
public class HypervisorOperationException extends VdpaComputeException {
  private final String host;
  private final UUID instance;
  private final GuestOperation operation;

  public HypervisorOperationException(String host, UUID instance, GuestOperation operation, String reason) {
    this(host, instance, operation, reason, null);
  }

  public HypervisorOperationException(
      String host, UUID instance, GuestOperation operation, String reason, Throwable cause) {
    super(operation + " of guest " + instance + " on host " + host + " failed: " + reason, cause);
    this.host = host;
    this.instance = instance;
    this.operation = operation;
  }

  public String host() {
    return host;
  }

  public UUID instance() {
    return instance;
  }

  public GuestOperation operation() {
    return operation;
  }
}

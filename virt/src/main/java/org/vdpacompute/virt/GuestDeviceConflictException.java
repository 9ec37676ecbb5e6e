package org.vdpacompute.virt;

import java.util.UUID;
import org.vdpacompute.core.ErrorCategory;

/**
 * A hot-plug the guest's devices forbid: plugging in a device it already has, or unplugging one it
 * has not. The guest is as it was; the caller's view of it is what is wrong.
 */
public class GuestDeviceConflictException extends HypervisorOperationException {
  public GuestDeviceConflictException(String host, UUID instance, GuestOperation operation, String reason) {
    super(host, instance, operation, reason);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFLICT;
  }
}

package org.vdpacompute.virt.emulated;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.HypervisorOperationException;

/**
 * One-shot failures armed by tests: the next call of an operation that would otherwise succeed
 * fails with the given reason, and the host is left as it was before the call.
 */
final class FaultInjector {
  private final Map<GuestOperation, String> armed = new EnumMap<>(GuestOperation.class);

  synchronized void failNext(GuestOperation operation, String reason) {
    armed.put(operation, reason);
  }

  /** Throws, and disarms, if a failure is armed for {@code operation}. */
  synchronized void check(String host, UUID instance, GuestOperation operation) {
    String reason = armed.remove(operation);
    if (reason != null) {
      throw new HypervisorOperationException(host, instance, operation, reason);
    }
  }
}

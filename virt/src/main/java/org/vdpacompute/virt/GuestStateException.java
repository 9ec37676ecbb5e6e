package org.vdpacompute.virt;

import java.util.UUID;
import org.vdpacompute.core.ErrorCategory;

/** An operation the guest's current state forbids, such as resuming a guest that is not paused. */
public class GuestStateException extends HypervisorOperationException {
  private final GuestState found;

  public GuestStateException(String host, UUID instance, GuestOperation operation, GuestState found) {
    super(host, instance, operation, "the guest is " + found + ", and " + operation
        + " needs it " + describe(operation));
    this.found = found;
  }

  /** The guest as found, which says why when it is broken. */
  public GuestStateException(String host, GuestOperation operation, GuestInfo found) {
    super(host, found.uuid(), operation, "the guest is " + found.state()
        + (found.problem() == null ? "" : " (" + found.problem() + ")") + ", and " + operation
        + " needs it " + describe(operation));
    this.found = found.state();
  }

  private static String describe(GuestOperation operation) {
    return operation.allowedStates().stream().map(GuestState::toString)
        .reduce((a, b) -> a + " or " + b).orElse("not defined");
  }

  public GuestState found() {
    return found;
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFLICT;
  }
}

package org.vdpacompute.controller.workflows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.core.Failures;
import org.vdpacompute.core.InvalidValueException;

/**
 * An operation on a server as data: its steps in order, each with what undoes it, and what a
 * failure leaves. {@link SagaRunner} runs it. A step with no event of its own is part of the event
 * of the step before it, so the events a saga records (its instance action's) say how far it got.
 *
 * @param name what the operation is, for logs ("cold migration")
 * @param onFailure what a failure leaves of the server once the steps done are undone
 * @param retry whether a failed run is tried again from the start, after its steps are undone
 * @param fault the words of the fault a failure leaves, from the failure; by default what it says of itself
 * @param details what the fault shows administrators only, from the failure; by default nothing (null)
 * @param whenFailed what the operation's own records say of a failure (a migration's status), run after the undoing
 * @param firstErrorStep with {@link Ending#ERROR}, the first step whose failure leaves ERROR: a failure
 *     before it did nothing that cannot be asked again, and leaves the server idle as it was
 */
record Saga<C extends SagaState>(String name, List<Step<C>> steps, Ending onFailure, Retry<C> retry,
    BiFunction<C, RuntimeException, String> fault, BiFunction<C, RuntimeException, String> details,
    Consumer<C> whenFailed, int firstErrorStep) {

  /** What a failed saga leaves of the server, once what its steps did is undone. */
  enum Ending {
    /** Idle in the vm_state it had, as Nova's {@code @reverts_task_state}. */
    REVERT_TASK,
    /** In ERROR: the failure left something an operator must look at. */
    ERROR
  }

  /** Whether a failed run is tried again; told each failure, it may note what the next run should avoid. */
  @FunctionalInterface
  interface Retry<C> {
    Retry<?> NEVER = (context, failure, attempt) -> false;

    boolean again(C context, RuntimeException failure, int attempt);
  }

  Saga {
    steps = List.copyOf(steps);
    if (steps.isEmpty() || steps.get(0).event() == null) {
      throw new InvalidValueException("saga " + name + " needs steps, the first with an event");
    }
  }

  /** A saga of these steps, each without an event of its own taking the one before it. */
  @SafeVarargs
  static <C extends SagaState> Saga<C> of(String name, Ending onFailure, Step<C>... steps) {
    List<Step<C>> chained = new ArrayList<>();
    for (Step<C> s : steps) {
      chained.add(s.event() == null && !chained.isEmpty() ? s.inEventOf(chained.get(chained.size() - 1)) : s);
    }
    @SuppressWarnings("unchecked")
    Retry<C> never = (Retry<C>) Retry.NEVER;
    return new Saga<>(name, chained, onFailure, never, (c, e) -> Failures.describe(e), (c, e) -> null, c -> { }, 0);
  }

  Saga<C> retry(Retry<C> policy) {
    return new Saga<>(name, steps, onFailure, policy, fault, details, whenFailed, firstErrorStep);
  }

  Saga<C> fault(BiFunction<C, RuntimeException, String> words) {
    return new Saga<>(name, steps, onFailure, retry, words, details, whenFailed, firstErrorStep);
  }

  Saga<C> details(BiFunction<C, RuntimeException, String> forAdministrators) {
    return new Saga<>(name, steps, onFailure, retry, fault, forAdministrators, whenFailed, firstErrorStep);
  }

  Saga<C> whenFailed(Consumer<C> then) {
    return new Saga<>(name, steps, onFailure, retry, fault, details, then, firstErrorStep);
  }

  /** A failure before step {@code first} leaves the server idle as it was, not in ERROR. */
  Saga<C> errorFrom(int first) {
    return new Saga<>(name, steps, onFailure, retry, fault, details, whenFailed, first);
  }

  /** What a failure at step {@code failed} leaves of the server. */
  Ending endingAt(int failed) {
    return failed < firstErrorStep ? Ending.REVERT_TASK : onFailure;
  }

  /** Whether step {@code i} is the last of its event. */
  boolean endsEvent(int i) {
    return i == steps.size() - 1 || !steps.get(i + 1).event().equals(steps.get(i).event());
  }

  /**
   * Where a run of this saga stopped, read from the events it recorded (its action's, oldest first):
   * the index of the first step whose event did not succeed after the last failure, or the number
   * of steps when it ran to the end. A controller that starts again reads it to continue the saga
   * or undo what its steps did.
   */
  int stoppedAt(List<InstanceAction.Event> recorded) {
    int from = 0;
    for (int k = 0; k < recorded.size(); k++) {
      if ("Error".equals(recorded.get(k).result())) from = k + 1;
    }
    int next = from;
    for (int i = 0; i < steps.size(); i++) {
      if (i > 0 && !endsEvent(i - 1)) continue;
      String event = steps.get(i).event();
      int found = -1;
      for (int k = next; k < recorded.size() && found < 0; k++) {
        InstanceAction.Event e = recorded.get(k);
        if (e.event().equals(event) && "Success".equals(e.result())) found = k;
      }
      if (found < 0) return i;
      next = found + 1;
    }
    return steps.size();
  }
}

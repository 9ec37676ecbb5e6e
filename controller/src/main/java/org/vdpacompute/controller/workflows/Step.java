package org.vdpacompute.controller.workflows;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One named step of a {@link Saga}: what it does and what undoes it.
 *
 * @param event the instance action event the step is part of (Nova's, such as {@code
 *     compute_prep_resize}); consecutive steps of one event are recorded as that one event
 * @param host the host the event is recorded against, worked out when it is recorded
 * @param undo what puts back what the step did, run when a later step fails; null when nothing needs to
 * @param undoIfFailed whether {@code undo} runs also when this very step fails: for a step that may
 *     fail half way (nics plugged one by one)
 * @param inUnit whether the step's writes, and its event when it ends one, commit in one unit of work:
 *     such a step only reads and writes through the stores
 * @param afterCommit what the step changes in this controller's memory once its unit committed; null for nothing
 */
record Step<C>(String name, String event, Function<C, String> host, Consumer<C> action, Consumer<C> undo,
    boolean undoIfFailed, boolean inUnit, Consumer<C> afterCommit) {

  /** A step that calls out (to an agent, the scheduler) or writes in units of its own. */
  static <C> Step<C> of(String name, Consumer<C> action) {
    return new Step<>(name, null, null, action, null, false, false, null);
  }

  /** A step whose writes commit in one unit of work, with the event it ends. */
  static <C> Step<C> recording(String name, Consumer<C> action) {
    return new Step<>(name, null, null, action, null, false, true, null);
  }

  /** The step begins an event of its own, recorded against {@code host}. */
  Step<C> event(String name, Function<C, String> onHost) {
    return new Step<>(this.name, name, onHost, action, undo, undoIfFailed, inUnit, afterCommit);
  }

  Step<C> undo(Consumer<C> how) {
    return new Step<>(name, event, host, action, how, false, inUnit, afterCommit);
  }

  /** {@link #undo}, run also when this step itself fails, for what it did before failing. */
  Step<C> undoAlsoIfFailed(Consumer<C> how) {
    return new Step<>(name, event, host, action, how, true, inUnit, afterCommit);
  }

  Step<C> afterCommit(Consumer<C> then) {
    return new Step<>(name, event, host, action, undo, undoIfFailed, inUnit, then);
  }

  /** The same step in the event of the step before it. */
  Step<C> inEventOf(Step<C> before) {
    return new Step<>(name, before.event, before.host, action, undo, undoIfFailed, inUnit, afterCommit);
  }
}

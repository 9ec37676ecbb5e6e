package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.UnitOfWork;
import org.vdpacompute.core.Failures;

/**
 * Runs every operation on a server that has steps: what Nova's {@code @wrap_instance_event},
 * {@code @reverts_task_state} and {@code @wrap_instance_fault} do for its compute manager, in one
 * place.
 *
 * <p>A saga runs only on the server as the API marked it: read again, with its revision unchanged
 * (a delete asked meanwhile changed it). Its steps run in order; each event they make up is
 * recorded in the server's action when its last step succeeds (in that step's unit of work, when
 * the step has one) or when one of its steps fails. On a failure the steps done are undone, last
 * first; the saga may then be tried again (a build on another host), else the server is left as
 * the saga says, with the failure as its fault: idle as it was, or in ERROR when the failure or an
 * undo that failed too left something for an operator. A server that changed under a step
 * ({@link InstanceChangedException}) is left to the delete that changed it.
 */
final class SagaRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SagaRunner.class);
  /** The code of every fault a failed operation leaves, as Nova's compute manager records them. */
  static final int FAULT_CODE = 500;

  private final InstanceStore instances;
  private final InstanceActions actions;
  private final UnitOfWork units;
  private final Clock clock;
  private final StepHook hook;

  SagaRunner(InstanceStore instances, InstanceActions actions, UnitOfWork units, Clock clock, StepHook hook) {
    this.instances = instances;
    this.actions = actions;
    this.units = units;
    this.clock = clock;
    this.hook = hook;
  }

  /** The server as recorded now, if nothing changed it since it was {@code marked}. */
  Optional<Instance> unchangedSince(Instance marked) {
    return instances.instance(marked.uuid()).filter(i -> i.revision() == marked.revision());
  }

  /**
   * Runs the saga on the server of {@code state}, if it is still as the API marked it.
   *
   * @return whether the saga ran to its end
   */
  <C extends SagaState> boolean run(Saga<C> saga, C state) {
    Optional<Instance> current = unchangedSince(state.instance);
    if (current.isEmpty()) {
      LOG.info("instance {} changed since its {} was asked for; it is not carried out", state.instance.uuid(), saga.name());
      return false;
    }
    state.instance = current.get();
    for (int attempt = 1; ; attempt++) {
      Failure failure = once(saga, state);
      if (failure == null) return true;
      if (failure.cause() instanceof InstanceChangedException) {
        LOG.info("{} of instance {} stopped at step '{}': {}", saga.name(), state.instance.uuid(), failure.step(),
            Failures.describe(failure.cause()));
        saga.whenFailed().accept(state);
        return false;
      }
      if (!failure.undoFailed() && saga.retry().again(state, failure.cause(), attempt)) continue;
      end(saga, state, failure);
      return false;
    }
  }

  /**
   * Records a transition of the server with a compare-and-set on its revision.
   *
   * @throws InstanceChangedException when the server changed since it was read: the step stops
   */
  Instance record(Instance next, String what) {
    if (!instances.update(next)) throw new InstanceChangedException(next.uuid(), what);
    return next;
  }

  /** How a run failed: at which step, why, and whether undoing the steps before it failed too. */
  private record Failure(int index, String step, RuntimeException cause, boolean undoFailed) {}

  /** One run of the steps; null when it reached the end, else the failure, its steps undone. */
  private <C extends SagaState> Failure once(Saga<C> saga, C state) {
    List<Step<C>> done = new ArrayList<>();
    Instant eventStarted = clock.instant();
    for (int i = 0; i < saga.steps().size(); i++) {
      Step<C> step = saga.steps().get(i);
      hook.reached(new StepHook.Boundary(saga.name(), i, step.name(), state.instance.uuid()));
      if (i > 0 && saga.endsEvent(i - 1)) eventStarted = clock.instant();
      boolean endsEvent = saga.endsEvent(i);
      Instant started = eventStarted;
      try {
        if (step.inUnit()) {
          // A unit that rolls back (and may run again) finds the state's records as they were before it.
          units.runVersioned(() -> {
            step.action().accept(state);
            if (endsEvent) record(state, step, started, null);
            return null;
          }, state.checkpoint());
        } else {
          step.action().accept(state);
          if (endsEvent) record(state, step, started, null);
        }
        if (step.afterCommit() != null) step.afterCommit().accept(state);
        done.add(step);
      } catch (RuntimeException e) {
        if (!(e instanceof InstanceChangedException)) {
          LOG.warn("{} of instance {} failed at step '{}'", saga.name(), state.instance.uuid(), step.name(), e);
          record(state, step, started, e);
        }
        if (step.undoIfFailed()) done.add(step);
        return undo(saga, state, done, i, step.name(), e);
      }
    }
    hook.reached(new StepHook.Boundary(saga.name(), saga.steps().size(), null, state.instance.uuid()));
    return null;
  }

  /**
   * Undoes the steps done, last first, and says how the run failed. An undo that fails stops the
   * undoing (what the steps before it did may be what the server now stands on, such as a claim its
   * guest uses); it is logged and added to the failure. A server that changed meanwhile stops it
   * too: the delete that changed it does the rest.
   */
  private <C extends SagaState> Failure undo(Saga<C> saga, C state, List<Step<C>> done, int failedIndex,
      String failedStep, RuntimeException failure) {
    for (int i = done.size() - 1; i >= 0; i--) {
      Step<C> step = done.get(i);
      if (step.undo() == null) continue;
      try {
        step.undo().accept(state);
      } catch (InstanceChangedException e) {
        return new Failure(failedIndex, failedStep, e, false);
      } catch (RuntimeException e) {
        LOG.error("{} of instance {}: undoing step '{}' failed too", saga.name(), state.instance.uuid(), step.name(), e);
        failure.addSuppressed(e);
        return new Failure(failedIndex, failedStep, failure, true);
      }
    }
    return new Failure(failedIndex, failedStep, failure, false);
  }

  /** Leaves the server as the saga says a failure does, with the failure as its fault. */
  private <C extends SagaState> void end(Saga<C> saga, C state, Failure failure) {
    saga.whenFailed().accept(state);
    Instant now = clock.instant();
    String words = saga.fault().apply(state, failure.cause());
    if (failure.undoFailed()) words += " (undoing what was done failed too; see the controller's log)";
    Instance.Fault fault = new Instance.Fault(FAULT_CODE, words, saga.details().apply(state, failure.cause()), now);
    boolean toError = failure.undoFailed() || saga.endingAt(failure.index()) == Saga.Ending.ERROR;
    Instance after = toError ? state.failed(fault, now) : state.reverted(fault, now);
    if (instances.update(after)) {
      state.instance = after;
      LOG.warn("instance {} is {} after its {} failed: {}", after.uuid(), toError ? "in ERROR" : "back to "
          + after.vmState().apiName(), saga.name(), words);
    } else {
      LOG.info("instance {} changed while its {} failed; left as it is", after.uuid(), saga.name());
    }
  }

  private void record(SagaState state, Step<?> step, Instant started, RuntimeException failure) {
    @SuppressWarnings("unchecked")
    String host = ((Step<SagaState>) step).host().apply(state);
    actions.record(state.action, new InstanceAction.Event(step.event(), host, started, clock.instant(),
        failure == null ? "Success" : "Error", failure == null ? null : Failures.describe(failure)));
  }
}

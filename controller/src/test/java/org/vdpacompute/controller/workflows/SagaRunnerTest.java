package org.vdpacompute.controller.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.model.UnitOfWork;
import org.vdpacompute.controller.model.VmState;

/**
 * The saga runner does for every operation what Nova's decorators do for its compute manager: it
 * records the steps' events, undoes what was done when a step fails, gives the task up or fails the
 * server to ERROR with a fault, and leaves a server that changed meanwhile to whoever changed it.
 */
class SagaRunnerTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Flavor FLAVOR = new Flavor("f", "m1.vdpa", 2, 2048, 10, 0, 0, 1.0, true, null, Map.of());
  private static final String UUID = "11111111-2222-3333-4444-555555555555";

  private final InMemoryInstances stores = new InMemoryInstances();
  private final RollingBackUnits units = new RollingBackUnits(stores);
  private final SagaRunner runner = new SagaRunner(stores, new InstanceActions(stores, Clock.fixed(T0, ZoneOffset.UTC)),
      units, Clock.fixed(T0, ZoneOffset.UTC), StepHook.NONE);
  private final List<String> done = new ArrayList<>();

  /**
   * Units of work on the in-memory stores: a failing one is rolled back; told to, one rolls back
   * after its work (a race lost at commit) and runs again.
   */
  private static final class RollingBackUnits implements UnitOfWork {
    private final InMemoryInstances stores;
    int rollBacks;

    RollingBackUnits(InMemoryInstances stores) {
      this.stores = stores;
    }

    @Override
    public <T> T run(Supplier<T> work) {
      return runVersioned(work, () -> { });
    }

    @Override
    public <T> T runVersioned(Supplier<T> work, Runnable afterRollback) {
      while (true) {
        Runnable rollback = stores.snapshot();
        try {
          T result = work.get();
          if (rollBacks == 0) return result;
          rollBacks--;
        } catch (RuntimeException e) {
          rollback.run();
          afterRollback.run();
          throw e;
        }
        rollback.run();
        afterRollback.run();
      }
    }
  }

  /** A server the API marked for a stop. */
  private SagaState stopping() {
    Instance active = new Instance(UUID, "vm", "p", "u", FLAVOR, "img", List.of(), List.of(), "compute-0",
        VmState.ACTIVE, null, null, List.of(), T0, T0, T0, 1);
    Instance marked = active.begin(TaskState.POWERING_OFF, T0);
    stores.insert(marked);
    InstanceAction action = stores.insert(new InstanceAction(0, UUID, "stop", "req-1", "p", "u", T0, T0, null, List.of()));
    return new SagaState(marked, action);
  }

  private Step<SagaState> step(String name, String event) {
    return Step.<SagaState>of(name, s -> done.add(name)).event(event, s -> "compute-0").undo(s -> done.add("undo " + name));
  }

  private static Step<SagaState> failing(String name) {
    return Step.of(name, s -> {
      throw new IllegalStateException(name + " failed on compute-0");
    });
  }

  private Step<SagaState> recordStopped() {
    return Step.<SagaState>recording("record", s -> {
      done.add("record");
      s.instance = runner.record(s.instance.finished(VmState.STOPPED, T0), "it was stopped");
    });
  }

  private Instance stored() {
    return stores.instance(UUID).orElseThrow();
  }

  @Test
  void stepsRunInOrderAndEachEventIsRecordedOnceWhenItsLastStepSucceeded() {
    SagaState s = stopping();
    Saga<SagaState> saga = Saga.of("stop", Saga.Ending.REVERT_TASK, step("a", "first"), step("b", null),
        step("c", "second"), recordStopped());

    assertThat(runner.run(saga, s)).isTrue();

    assertThat(done).containsExactly("a", "b", "c", "record");
    assertThat(stores.events(s.action)).extracting(InstanceAction.Event::event, InstanceAction.Event::result,
        InstanceAction.Event::host).containsExactly(
            org.assertj.core.groups.Tuple.tuple("first", "Success", "compute-0"),
            org.assertj.core.groups.Tuple.tuple("second", "Success", "compute-0"));
    assertThat(stored().state().vm()).isEqualTo(VmState.STOPPED);
    assertThat(stored().taskState()).isNull();
  }

  @Test
  void aFailedStepUndoesTheStepsBeforeItLastFirstAndGivesTheTaskUpWithAFault() {
    SagaState s = stopping();
    List<String> hook = new ArrayList<>();
    Saga<SagaState> saga = Saga.of("stop", Saga.Ending.REVERT_TASK, step("a", "first"), step("b", null),
        failing("c"), recordStopped()).whenFailed(x -> hook.add("migration marked failed"));

    assertThat(runner.run(saga, s)).isFalse();

    assertThat(done).containsExactly("a", "b", "undo b", "undo a");
    assertThat(hook).containsExactly("migration marked failed");
    assertThat(stores.events(s.action)).singleElement().satisfies(e -> {
      assertThat(e.event()).isEqualTo("first");
      assertThat(e.result()).isEqualTo("Error");
      assertThat(e.traceback()).isEqualTo("c failed on compute-0");
    });
    Instance after = stored();
    assertThat(after.vmState()).isEqualTo(VmState.ACTIVE);
    assertThat(after.taskState()).isNull();
    assertThat(after.fault().code()).isEqualTo(500);
    assertThat(after.fault().message()).isEqualTo("c failed on compute-0");
  }

  @Test
  void aStepThatMayFailHalfWayIsUndoneToo() {
    SagaState s = stopping();
    Saga<SagaState> saga = Saga.of("stop", Saga.Ending.REVERT_TASK, step("a", "first"),
        Step.<SagaState>of("half", x -> {
          done.add("half");
          throw new IllegalStateException("second half failed");
        }).undoAlsoIfFailed(x -> done.add("undo half")));

    runner.run(saga, s);

    assertThat(done).containsExactly("a", "half", "undo half", "undo a");
  }

  @Test
  void aFailureWithoutAMessageIsNamedByWhatFailedNeverNull() {
    SagaState s = stopping();
    Saga<SagaState> saga = Saga.of("stop", Saga.Ending.REVERT_TASK, step("a", "first"),
        Step.<SagaState>of("silent", x -> {
          throw new IllegalStateException();
        }));

    runner.run(saga, s);

    String named = "internal error: IllegalStateException at " + SagaRunnerTest.class.getName();
    assertThat(stored().fault().message()).startsWith(named);
    assertThat(stores.events(s.action)).singleElement().satisfies(e ->
        assertThat(e.traceback()).startsWith(named));
  }

  @Test
  void aSagaThatEndsInErrorLeavesTheServerInErrorWithTheWordsItChose() {
    SagaState s = stopping();
    Saga<SagaState> saga = Saga.of("stop", Saga.Ending.ERROR, step("a", "first"), failing("b"))
        .fault((x, e) -> "Stopping on compute-0 failed: " + e.getMessage());

    runner.run(saga, s);

    assertThat(stored().vmState()).isEqualTo(VmState.ERROR);
    assertThat(stored().fault().message()).isEqualTo("Stopping on compute-0 failed: b failed on compute-0");
  }

  @Test
  void anUndoThatFailsStopsTheUndoingAndLeavesTheServerInError() {
    SagaState s = stopping();
    Saga<SagaState> saga = Saga.of("stop", Saga.Ending.REVERT_TASK, step("a", "first"),
        Step.<SagaState>of("b", x -> done.add("b")).undo(x -> {
          throw new IllegalStateException("the guest could not be moved back");
        }), failing("c"));

    runner.run(saga, s);

    assertThat(done).as("a is not undone: the server may stand on it").containsExactly("a", "b");
    assertThat(stored().vmState()).isEqualTo(VmState.ERROR);
    assertThat(stored().fault().message()).startsWith("c failed on compute-0").contains("undoing what was done failed too");
  }

  @Test
  void aServerChangedSinceItWasMarkedIsLeftAlone() {
    SagaState s = stopping();
    stores.update(s.instance.begin(TaskState.DELETING, T0));
    Saga<SagaState> saga = Saga.of("stop", Saga.Ending.REVERT_TASK, step("a", "first"), recordStopped());

    assertThat(runner.run(saga, s)).isFalse();

    assertThat(done).isEmpty();
    assertThat(stored().taskState()).isEqualTo(TaskState.DELETING);
  }

  @Test
  void aServerChangedUnderAStepHasTheStepsUndoneAndIsLeftToWhatChangedIt() {
    SagaState s = stopping();
    Saga<SagaState> saga = Saga.of("stop", Saga.Ending.REVERT_TASK, step("a", "first"),
        Step.<SagaState>of("delete asked meanwhile", x -> stores.update(x.instance.begin(TaskState.DELETING, T0))),
        recordStopped());

    assertThat(runner.run(saga, s)).isFalse();

    assertThat(done).containsExactly("a", "record", "undo a");
    assertThat(stored().taskState()).as("the delete's, untouched").isEqualTo(TaskState.DELETING);
    assertThat(stored().fault()).isNull();
  }

  @Test
  void aFailedRunIsTriedAgainWhileTheSagaSaysSo() {
    SagaState s = stopping();
    int[] tries = {0};
    Saga<SagaState> saga = Saga.of("stop", Saga.Ending.REVERT_TASK, step("a", "first"),
        Step.<SagaState>of("flaky", x -> {
          if (++tries[0] < 3) throw new IllegalStateException("try " + tries[0] + " failed");
        }), recordStopped()).retry((x, failure, attempt) -> attempt < 3);

    assertThat(runner.run(saga, s)).isTrue();

    assertThat(done).containsExactly("a", "undo a", "a", "undo a", "a", "record");
    assertThat(stores.events(s.action)).extracting(InstanceAction.Event::result).containsExactly("Error", "Error", "Success");
  }

  @Test
  void aStepWhoseUnitRollsBackAndRunsAgainFindsTheRecordsAsTheyWereBeforeIt() {
    SagaState s = stopping();
    units.rollBacks = 1;
    Saga<SagaState> saga = Saga.of("stop", Saga.Ending.REVERT_TASK, step("a", "first"), recordStopped());

    assertThat(runner.run(saga, s)).isTrue();

    assertThat(stored().vmState()).isEqualTo(VmState.STOPPED);
    assertThat(stored().revision()).isEqualTo(3);
  }

  @Test
  void whereASagaStoppedIsReadFromTheEventsItRecorded() {
    Saga<SagaState> saga = Saga.of("migrate", Saga.Ending.REVERT_TASK, step("claim", "prep"), step("record", null),
        step("stop", "resize"), step("spawn", "finish"), step("record finished", null));

    assertThat(saga.stoppedAt(List.of())).isZero();
    assertThat(saga.stoppedAt(List.of(event("prep", "Success")))).isEqualTo(2);
    assertThat(saga.stoppedAt(List.of(event("prep", "Success"), event("resize", "Success")))).isEqualTo(3);
    assertThat(saga.stoppedAt(List.of(event("prep", "Success"), event("resize", "Success"), event("finish", "Success"))))
        .isEqualTo(5);
    assertThat(saga.stoppedAt(List.of(event("prep", "Success"), event("resize", "Error"), event("prep", "Success"))))
        .as("a run tried again counts from its last failure").isEqualTo(2);
  }

  private static InstanceAction.Event event(String name, String result) {
    return new InstanceAction.Event(name, "compute-0", T0, T0, result, null);
  }
}

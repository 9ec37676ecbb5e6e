package org.vdpacompute.controller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.controller.model.TaskState.DELETING;
import static org.vdpacompute.controller.model.TaskState.INTERFACE_ATTACHING;
import static org.vdpacompute.controller.model.TaskState.MIGRATING;
import static org.vdpacompute.controller.model.TaskState.POWERING_OFF;
import static org.vdpacompute.controller.model.TaskState.REBOOTING;
import static org.vdpacompute.controller.model.TaskState.RESIZE_MIGRATING;
import static org.vdpacompute.controller.model.TaskState.RESIZE_PREP;
import static org.vdpacompute.controller.model.TaskState.SCHEDULING;
import static org.vdpacompute.controller.model.TaskState.SHELVING;
import static org.vdpacompute.controller.model.TaskState.SHELVING_OFFLOADING;
import static org.vdpacompute.controller.model.TaskState.SPAWNING;
import static org.vdpacompute.controller.model.TaskState.UNSHELVING;
import static org.vdpacompute.controller.model.VmState.ACTIVE;
import static org.vdpacompute.controller.model.VmState.BUILDING;
import static org.vdpacompute.controller.model.VmState.DELETED;
import static org.vdpacompute.controller.model.VmState.ERROR;
import static org.vdpacompute.controller.model.VmState.RESIZED;
import static org.vdpacompute.controller.model.VmState.SHELVED;
import static org.vdpacompute.controller.model.VmState.SHELVED_OFFLOADED;
import static org.vdpacompute.controller.model.VmState.STOPPED;
import static org.vdpacompute.controller.model.VmState.SUSPENDED;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server state machine: the moves Nova makes are allowed, and the ones it never makes are refused. */
class InstanceStatesTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Flavor FLAVOR = new Flavor("f", "m1.vdpa", 2, 2048, 10, 0, 0, 1.0, true, null, Map.of());

  private static InstanceState s(VmState vm, TaskState task) {
    return new InstanceState(vm, task);
  }

  private static Instance in(VmState vm, TaskState task) {
    return new Instance("11111111-2222-3333-4444-555555555555", "vm", "p", "u", FLAVOR, "img", List.of(), List.of(),
        vm == BUILDING && task == SCHEDULING ? null : "compute-0", vm, task, null, List.of(), T0, T0, null, 7);
  }

  @Test
  void theMovesOfNovasOperationsAreAllowed() {
    assertThat(InstanceStates.allows(s(ACTIVE, null), s(ACTIVE, POWERING_OFF))).isTrue();
    assertThat(InstanceStates.allows(s(ACTIVE, POWERING_OFF), s(STOPPED, null))).isTrue();
    assertThat(InstanceStates.allows(s(BUILDING, SCHEDULING), s(BUILDING, SPAWNING))).isTrue();
    assertThat(InstanceStates.allows(s(BUILDING, SPAWNING), s(BUILDING, SCHEDULING))).as("rescheduled").isTrue();
    assertThat(InstanceStates.allows(s(BUILDING, SPAWNING), s(ACTIVE, null))).isTrue();
    assertThat(InstanceStates.allows(s(STOPPED, RESIZE_PREP), s(STOPPED, RESIZE_MIGRATING))).isTrue();
    assertThat(InstanceStates.allows(s(STOPPED, RESIZE_MIGRATING), s(RESIZED, null))).isTrue();
    assertThat(InstanceStates.allows(s(ACTIVE, SHELVING), s(SHELVED, SHELVING_OFFLOADING))).isTrue();
    assertThat(InstanceStates.allows(s(SHELVED, SHELVING_OFFLOADING), s(SHELVED_OFFLOADED, null))).isTrue();
    assertThat(InstanceStates.allows(s(SHELVED_OFFLOADED, UNSHELVING), s(SHELVED_OFFLOADED, SPAWNING))).isTrue();
    assertThat(InstanceStates.allows(s(ERROR, TaskState.REBUILDING), s(ACTIVE, null))).as("evacuated").isTrue();
    assertThat(InstanceStates.allows(s(ACTIVE, MIGRATING), s(ACTIVE, null))).isTrue();
    assertThat(InstanceStates.allows(s(RESIZED, TaskState.RESIZE_REVERTING), s(ERROR, null))).isTrue();
    assertThat(InstanceStates.allows(s(SUSPENDED, null), s(SUSPENDED, DELETING))).isTrue();
    assertThat(InstanceStates.allows(s(ACTIVE, MIGRATING), s(ACTIVE, DELETING))).as("a delete cuts a task short").isTrue();
    assertThat(InstanceStates.allows(s(ERROR, DELETING), s(DELETED, null))).isTrue();
  }

  @Test
  void aTaskGivenUpLeavesTheServerIdleAsItWas() {
    assertThat(InstanceStates.allows(s(STOPPED, RESIZE_MIGRATING), s(STOPPED, null))).isTrue();
    assertThat(InstanceStates.allows(s(SHELVED_OFFLOADED, UNSHELVING), s(SHELVED_OFFLOADED, null))).isTrue();
    assertThat(InstanceStates.allows(s(ACTIVE, INTERFACE_ATTACHING), s(ACTIVE, null))).isTrue();
  }

  @Test
  void forbiddenMovesAreRefused() {
    assertThat(InstanceStates.allows(s(ACTIVE, null), s(RESIZED, null))).as("a move goes through its task").isFalse();
    assertThat(InstanceStates.allows(s(STOPPED, null), s(STOPPED, REBOOTING))).as("a stopped server is not rebooted")
        .isFalse();
    assertThat(InstanceStates.allows(s(ACTIVE, MIGRATING), s(ACTIVE, POWERING_OFF))).as("one task at a time").isFalse();
    assertThat(InstanceStates.allows(s(BUILDING, SCHEDULING), s(ACTIVE, null))).as("a build is spawned first").isFalse();
    assertThat(InstanceStates.allows(s(BUILDING, SCHEDULING), s(BUILDING, null))).as("a build is never idle").isFalse();
    assertThat(InstanceStates.allows(s(SHELVED_OFFLOADED, UNSHELVING), s(ACTIVE, null)))
        .as("an offloaded server has no guest to start").isFalse();
    assertThat(InstanceStates.allows(s(SHELVED_OFFLOADED, null), s(ACTIVE, null))).isFalse();
    assertThat(InstanceStates.allows(s(ACTIVE, POWERING_OFF), s(SUSPENDED, null))).isFalse();
    assertThat(InstanceStates.allows(s(RESIZED, null), s(ACTIVE, null))).as("confirm or revert first").isFalse();
    assertThat(InstanceStates.allows(s(ACTIVE, null), s(ERROR, null))).as("only a task fails a server").isFalse();
    assertThat(InstanceStates.allows(s(ERROR, null), s(ERROR, MIGRATING))).isFalse();
    assertThat(InstanceStates.allows(s(ACTIVE, DELETING), s(ACTIVE, null))).as("a delete is not given up").isFalse();
    assertThat(InstanceStates.allows(s(ACTIVE, DELETING), s(ACTIVE, DELETING))).isFalse();
    assertThat(InstanceStates.allows(s(SHELVED, SHELVING), s(SHELVED, SHELVING_OFFLOADING)))
        .as("a shelve goes on to its offload from where it began").isFalse();
    for (VmState vm : VmState.values()) {
      for (TaskState task : TaskState.values()) {
        assertThat(InstanceStates.allows(s(DELETED, null), s(vm, task))).as("nothing follows a delete").isFalse();
      }
    }
  }

  @Test
  void theApiBeginsATaskOnlyOnAnIdleServerWhoseStateAllowsIt() {
    assertThat(InstanceStates.mayBegin(s(ACTIVE, null), MIGRATING)).isTrue();
    assertThat(InstanceStates.mayBegin(s(STOPPED, null), MIGRATING)).isFalse();
    assertThat(InstanceStates.mayBegin(s(ACTIVE, SHELVING), MIGRATING)).isFalse();
    assertThat(InstanceStates.mayBegin(s(SHELVED, null), UNSHELVING)).isTrue();
    assertThat(InstanceStates.mayBegin(s(ACTIVE, SHELVING), DELETING)).isTrue();
    assertThat(InstanceStates.mayBegin(s(ACTIVE, DELETING), DELETING)).isFalse();
    assertThat(InstanceStates.mayBegin(s(DELETED, null), DELETING)).isFalse();
  }

  @Test
  void aRefusedTransitionSaysWhatItFoundAndWhatItWanted() {
    Instance stopped = in(STOPPED, null);
    assertThatThrownBy(() -> stopped.begin(REBOOTING, T0))
        .isInstanceOf(IllegalInstanceStateException.class)
        .hasMessage("instance 11111111-2222-3333-4444-555555555555 cannot go from vm_state stopped, task_state none "
            + "to vm_state stopped, task_state rebooting");
    assertThatThrownBy(() -> in(BUILDING, SCHEDULING).launched(T0)).isInstanceOf(IllegalInstanceStateException.class);
    assertThatThrownBy(() -> in(ACTIVE, null).failed(null, T0)).isInstanceOf(IllegalInstanceStateException.class);
    assertThatThrownBy(() -> in(DELETED, null).begin(DELETING, T0)).isInstanceOf(IllegalInstanceStateException.class);
  }

  @Test
  void eachTransitionIsOneRevisionOn() {
    Instance building = in(BUILDING, SCHEDULING);
    Instance spawning = building.placed("compute-1", List.of(0), T0.plusSeconds(1));
    assertThat(spawning.revision()).isEqualTo(building.revision() + 1);
    assertThat(spawning.state()).isEqualTo(s(BUILDING, SPAWNING));
    assertThat(spawning.host()).isEqualTo("compute-1");
    Instance active = spawning.launched(T0.plusSeconds(2));
    assertThat(active.state()).isEqualTo(InstanceState.idle(ACTIVE));
    assertThat(active.launchedAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(active.revision()).isEqualTo(building.revision() + 2);
    Instance rescheduled = spawning.unplaced(T0.plusSeconds(2));
    assertThat(rescheduled.host()).isNull();
    assertThat(rescheduled.state()).isEqualTo(s(BUILDING, SCHEDULING));
  }

  @Test
  void aControllerThatStartsAgainTakesTheStateTheHostReports() {
    assertThat(in(ACTIVE, REBOOTING).resynced(STOPPED, T0).state()).isEqualTo(InstanceState.idle(STOPPED));
    assertThat(in(ACTIVE, TaskState.SUSPENDING).resynced(SUSPENDED, T0).state()).isEqualTo(InstanceState.idle(SUSPENDED));
    assertThatThrownBy(() -> in(ACTIVE, null).resynced(STOPPED, T0)).as("an idle server has nothing to drop")
        .isInstanceOf(IllegalInstanceStateException.class);
    assertThatThrownBy(() -> in(ACTIVE, MIGRATING).resynced(RESIZED, T0)).isInstanceOf(IllegalInstanceStateException.class);
  }

  @Test
  void aHardRebootBeginsWhereNovaAllowsItAndEndsActive() {
    for (VmState vm : List.of(ACTIVE, STOPPED, VmState.PAUSED, SUSPENDED, ERROR)) {
      assertThat(InstanceStates.mayBegin(s(vm, null), TaskState.REBOOTING_HARD)).as(vm.apiName()).isTrue();
      assertThat(InstanceStates.allows(s(vm, TaskState.REBOOTING_HARD), s(ACTIVE, null))).isTrue();
    }
    assertThat(InstanceStates.mayBegin(s(SHELVED, null), TaskState.REBOOTING_HARD)).isFalse();
    assertThat(InstanceStates.mayBegin(s(RESIZED, null), TaskState.REBOOTING_HARD)).isFalse();
    assertThat(InstanceStates.mayBegin(s(ACTIVE, MIGRATING), TaskState.REBOOTING_HARD)).isFalse();
    assertThat(ServerStatus.of(ACTIVE, TaskState.REBOOTING_HARD)).isEqualTo("HARD_REBOOT");
  }

  @Test
  void resetStateDropsAnyTaskToActiveOrErrorButNeverRaisesTheDead() {
    Instance stuck = in(ACTIVE, MIGRATING);
    Instance reset = stuck.reset(ERROR, T0);
    assertThat(reset.state()).isEqualTo(s(ERROR, null));
    assertThat(reset.host()).isEqualTo("compute-0");
    assertThat(reset.revision()).isEqualTo(stuck.revision() + 1);
    assertThat(in(ERROR, null).reset(ACTIVE, T0).state()).isEqualTo(s(ACTIVE, null));
    assertThat(in(BUILDING, SPAWNING).reset(ERROR, T0).state()).isEqualTo(s(ERROR, null));
    assertThatThrownBy(() -> in(ACTIVE, null).reset(STOPPED, T0)).isInstanceOf(IllegalInstanceStateException.class);
    assertThatThrownBy(() -> in(DELETED, null).reset(ACTIVE, T0)).isInstanceOf(IllegalInstanceStateException.class);
  }
}

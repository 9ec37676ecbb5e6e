package org.vdpacompute.controller.model;

import org.vdpacompute.controller.workflows.VdpaGate;
import org.vdpacompute.controller.workflows.VdpaOperation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vdpacompute.core.ConflictException;

class ServerStatusTest {

  @Test
  void statusFollowsNovasTable() {
    assertThat(ServerStatus.of(VmState.BUILDING, TaskState.SPAWNING)).isEqualTo("BUILD");
    assertThat(ServerStatus.of(VmState.ACTIVE, null)).isEqualTo("ACTIVE");
    assertThat(ServerStatus.of(VmState.ACTIVE, TaskState.REBOOTING)).isEqualTo("REBOOT");
    assertThat(ServerStatus.of(VmState.ACTIVE, TaskState.MIGRATING)).isEqualTo("MIGRATING");
    assertThat(ServerStatus.of(VmState.ACTIVE, TaskState.RESIZE_MIGRATING)).isEqualTo("RESIZE");
    assertThat(ServerStatus.of(VmState.ACTIVE, TaskState.SUSPENDING)).isEqualTo("ACTIVE");
    assertThat(ServerStatus.of(VmState.STOPPED, null)).isEqualTo("SHUTOFF");
    assertThat(ServerStatus.of(VmState.STOPPED, TaskState.RESIZE_PREP)).isEqualTo("RESIZE");
    assertThat(ServerStatus.of(VmState.RESIZED, null)).isEqualTo("VERIFY_RESIZE");
    assertThat(ServerStatus.of(VmState.RESIZED, TaskState.RESIZE_REVERTING)).isEqualTo("REVERT_RESIZE");
    assertThat(ServerStatus.of(VmState.SUSPENDED, null)).isEqualTo("SUSPENDED");
    assertThat(ServerStatus.of(VmState.SHELVED, null)).isEqualTo("SHELVED");
    assertThat(ServerStatus.of(VmState.SHELVED_OFFLOADED, null)).isEqualTo("SHELVED_OFFLOADED");
    assertThat(ServerStatus.of(VmState.ERROR, null)).isEqualTo("ERROR");
    for (VmState vm : VmState.values()) {
      for (TaskState task : TaskState.values()) {
        assertThat(ServerStatus.of(vm, task)).isNotBlank();
      }
    }
  }

  @Test
  void vdpaOperationsNeedEveryHostNewEnough() {
    VdpaGate.check(VdpaOperation.MIGRATE, 1, "compute-1");
    VdpaGate.check(VdpaOperation.LIVE_MIGRATE, 3, "compute-1");
    assertThatThrownBy(() -> VdpaGate.check(VdpaOperation.ATTACH_INTERFACE, 1, "compute-1"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("not supported for instance with vDPA ports")
        .hasMessageContaining("compute-1")
        .hasMessageContaining("version 2");
    assertThatThrownBy(() -> VdpaGate.check(VdpaOperation.SUSPEND, 2, "compute-0"))
        .hasMessageContaining("needs version 3");
    assertThat(org.vdpacompute.core.host.ServiceVersion.CURRENT).isEqualTo(VdpaOperation.LIVE_MIGRATE.minimumServiceVersion());
  }
}

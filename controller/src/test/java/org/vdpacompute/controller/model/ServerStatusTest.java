package org.vdpacompute.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}

package org.vdpacompute.controller.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vdpacompute.core.ConflictException;

class VdpaGateTest {

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
    assertThat(org.vdpacompute.agent.protocol.ServiceVersion.CURRENT).isEqualTo(VdpaOperation.LIVE_MIGRATE.minimumServiceVersion());
  }
}

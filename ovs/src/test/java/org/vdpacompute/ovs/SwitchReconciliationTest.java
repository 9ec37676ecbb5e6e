package org.vdpacompute.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.net.MacAddress;

class SwitchReconciliationTest {
  private static final UUID SERVER = UUID.fromString("9f7a3b5e-0000-4000-8000-000000000001");

  private static PortBinding binding(String rep, String port) {
    return new PortBinding(rep, port, MacAddress.parse("fa:16:3e:00:00:01"), SERVER);
  }

  @Test
  void unplugsOnlyThisHostsRepresentorsThatNoPortNeeds() {
    PortBinding stray = binding("eth1", "p1");
    PortBinding foreign = binding("tap0", "p9");

    SwitchReconciliation plan = SwitchReconciliation.plan(List.of(), List.of(stray, foreign), Set.of("eth1", "eth2"));

    assertThat(plan.toUnplug()).containsExactly(stray);
    assertThat(plan.toPlug()).isEmpty();
  }

  @Test
  void plugsWhatIsMissingOrBoundOtherwiseAndKeepsWhatIsRight() {
    PortBinding right = binding("eth1", "p1");
    PortBinding missing = binding("eth2", "p2");
    PortBinding rebound = binding("eth3", "p3");

    SwitchReconciliation plan = SwitchReconciliation.plan(List.of(right, missing, rebound),
        List.of(right, binding("eth3", "old")), Set.of("eth1", "eth2", "eth3"));

    assertThat(plan.toUnplug()).isEmpty();
    assertThat(plan.toPlug()).containsExactly(missing, rebound);
  }
}

package org.vdpacompute.controller.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vdpacompute.controller.model.Flavor;

class HostUsageTest {
  private static Footprint on(Flavor f) {
    return new Footprint("compute-0", f, List.of());
  }

  @Test
  void usageAddsUpTheFlavorsOfTheServersOnTheHost() {
    Flavor small = new Flavor("2", "m1.small", 1, 2048, 20, 0, 0, 1.0, true, null, Map.of());
    Flavor vdpa = new Flavor("v", "m1.vdpa", 2, 2048, 10, 5, 0, 1.0, true, null, Map.of());
    assertThat(HostUsage.of(List.of(on(small), on(vdpa)))).isEqualTo(new HostUsage(3, 4096, 35, 2));
    assertThat(HostUsage.of(List.of())).isEqualTo(HostUsage.NONE);
  }
}

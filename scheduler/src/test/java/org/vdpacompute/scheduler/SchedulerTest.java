package org.vdpacompute.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.core.pci.pool.HostPools;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.PortRequests;
import org.vdpacompute.core.pci.request.TrustedMode;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.core.pci.tracker.HostDevices;

class SchedulerTest {
  private final Scheduler scheduler = new Scheduler();

  /** The reference host's PCI pools: 1 PF and 4 vDPA VFs on physnet4, all on NUMA node {@code numa}. */
  private static HostPools referencePci(int numa) {
    PciAddress pf = PciAddress.parse("0000:06:00.0");
    List<DeviceReport> reports = new ArrayList<>();
    reports.add(DeviceReport.pf(pf, new VendorProduct("15b3", "101d"), numa, "enp6s0f0"));
    for (int i = 0; i < 4; i++) {
      reports.add(DeviceReport.vdpa(new PciAddress(0, 6, 0, i + 1), new VendorProduct("15b3", "101e"), pf, numa,
          new VdpaDevice("vdpa" + i, "/dev/vhost-vdpa-" + i)));
    }
    HostDevices devices = new HostDevices("h", d -> Optional.of(Map.of("physical_network", "physnet4")));
    devices.update(reports);
    return devices.pools();
  }

  private static HostState host(String name, long freeRam, HostPools pci) {
    return new HostState(name, true, true, 8, 0, 16384, 16384 - freeRam, 100, 0,
        List.of(new HostNumaCell(0, 0, 4, 8192, 0, 0), new HostNumaCell(1, 0, 4, 8192, 0, 0)), pci, true, true);
  }

  private static PciRequest vdpaPort(NumaPolicy policy) {
    return PortRequests.forPort("r1", "port-1", VnicType.VDPA, "physnet4", TrustedMode.NOT_ASKED, policy, null).orElseThrow();
  }

  @Test
  void downDisabledAndFullHostsAreRemovedAndTheRefusalCountsCandidatesApart() {
    HostState down = new HostState("down", false, true, 8, 0, 16384, 0, 100, 0, List.of(), HostPools.EMPTY, true, true);
    HostState disabled = new HostState("disabled", true, false, 8, 0, 16384, 0, 100, 0, List.of(), HostPools.EMPTY, true, true);
    HostState full = new HostState("full", true, true, 8, 0, 1024, 1024, 100, 0, List.of(), HostPools.EMPTY, true, true);
    HostState noVdpa = host("plain", 8192, HostPools.EMPTY);
    ScheduleRequest request = ScheduleRequest.of("vm", 1, 600, 1, 0, List.of(vdpaPort(null)));
    assertThatThrownBy(() -> scheduler.schedule(request, List.of(down, disabled, full, noVdpa), 3))
        .isInstanceOf(NoValidHostException.class)
        .hasMessageStartingWith("No valid host was found.")
        .hasMessageContaining("of 2 candidate hosts, ResourceFilter removed 1 host, PciPassthroughFilter removed 1 host")
        .hasMessageEndingWith("; 2 hosts down, disabled or excluded by the request");
    assertThatThrownBy(() -> scheduler.schedule(request, List.of(), 3)).hasMessageContaining("no compute hosts");
  }

  @Test
  void aVdpaPortLandsOnAHostWithAFreeVdpaDeviceWithAPlanToClaim() {
    List<Placement> placements = scheduler.schedule(ScheduleRequest.of("vm", 1, 512, 1, 0, List.of(vdpaPort(null))),
        List.of(host("plain", 16000, HostPools.EMPTY), host("vdpa", 1000, referencePci(0))), 3);
    assertThat(placements).extracting(Placement::host).containsExactly("vdpa");
    assertThat(placements.get(0).pciPlan().assignments()).singleElement()
        .satisfies(a -> assertThat(a.takes()).hasSize(1));
  }

  @Test
  void hostsAreSpreadByFreeMemoryAndPciHostsKeptForPciGuests() {
    List<HostState> hosts = List.of(host("a", 4000, referencePci(0)), host("b", 8000, HostPools.EMPTY), host("c", 6000, HostPools.EMPTY));
    List<Placement> plain = scheduler.schedule(ScheduleRequest.of("vm", 1, 512, 1, 0, List.of()), hosts, 3);
    assertThat(plain).extracting(Placement::host).containsExactly("b", "c", "a");
    List<Placement> limited = scheduler.schedule(ScheduleRequest.of("vm", 1, 512, 1, 0, List.of()), hosts, 1);
    assertThat(limited).hasSize(1);
  }

  @Test
  void theBestFewOfManyHostsComeByWeightThenInTheOrderGiven() {
    // Free memory in 7 steps over 200 hosts, so that most weights tie and the order given decides, not the
    // names (a stream sorts stably: equals keep their order).
    List<HostState> hosts = new ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 200; i++) {
      hosts.add(host(String.format("h%03d", random.nextInt(1000)) + "-" + i, 1000L * (1 + random.nextInt(7)), HostPools.EMPTY));
    }
    ScheduleRequest request = ScheduleRequest.of("vm", 1, 512, 1, 0, List.of());
    List<String> expected = hosts.stream()
        .sorted(java.util.Comparator.comparingLong((HostState h) -> h.usedMemoryMb()))
        .map(HostState::host).toList();
    for (int limit : new int[] {1, 5, 199, 200, 201}) {
      assertThat(scheduler.schedule(request, hosts, limit)).extracting(Placement::host)
          .containsExactlyElementsOf(expected.subList(0, Math.min(limit, expected.size())));
    }
  }

  @Test
  void aMoveAvoidsItsSourceAndGoesToANamedHost() {
    List<HostState> hosts = List.of(host("a", 8000, referencePci(0)), host("b", 8000, referencePci(0)), host("c", 8000, referencePci(0)));
    ScheduleRequest away = new ScheduleRequest("vm", 1, 512, 1, 0, List.of(vdpaPort(null)), Set.of("a"), Set.of());
    assertThat(scheduler.schedule(away, hosts, 3)).extracting(Placement::host).containsExactly("b", "c");
    ScheduleRequest named = new ScheduleRequest("vm", 1, 512, 1, 0, List.of(vdpaPort(null)), Set.of("a"), Set.of("c"));
    assertThat(scheduler.schedule(named, hosts, 3)).extracting(Placement::host).containsExactly("c");
  }

  @Test
  void aNumaGuestGetsCellsWhereItsDevicesAre() {
    HostState host = host("numa", 8000, referencePci(1));
    ScheduleRequest required = ScheduleRequest.of("vm", 2, 1024, 1, 1, List.of(vdpaPort(NumaPolicy.REQUIRED)));
    Placement p = scheduler.schedule(required, List.of(host), 1).get(0);
    assertThat(p.guestCells()).containsExactly(1);
    assertThat(p.numa().hostNodes()).containsExactly(1);
    ScheduleRequest tooBig = ScheduleRequest.of("vm", 2, 9000, 1, 1, List.of());
    assertThatThrownBy(() -> scheduler.schedule(tooBig, List.of(host), 1)).hasMessageContaining("NUMATopologyFilter");
    ScheduleRequest twoCells = ScheduleRequest.of("vm", 4, 9000, 1, 2, List.of());
    assertThat(scheduler.schedule(twoCells, List.of(host), 1).get(0).guestCells()).containsExactly(0, 1);
  }
}

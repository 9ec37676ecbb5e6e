package org.vdpacompute.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.PortRequests;
import org.vdpacompute.core.pci.request.TrustedMode;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.core.pci.tracker.HostDevices;

/** Hosts built for each reason a filter refuses, and the exact words the explanation finds for it. */
class SchedulerExplainTest {
  private static final Instant LAST_BEAT = Instant.parse("2030-01-02T03:04:05Z");
  private static final String TOO_OLD = "libvirt 6.0.0 is older than 6.9.0, the first version that supports vDPA";
  private final Scheduler scheduler = new Scheduler();

  /** A reference host (1 PF, 4 vDPA VFs on physnet4, NUMA node 0), its devices as a tracker holds them. */
  private static HostDevices referenceDevices(boolean vdpa) {
    PciAddress pf = PciAddress.parse("0000:06:00.0");
    List<DeviceReport> reports = new ArrayList<>();
    reports.add(DeviceReport.pf(pf, new VendorProduct("15b3", "101d"), 0, "enp6s0f0"));
    for (int i = 0; i < 4; i++) {
      PciAddress vf = new PciAddress(0, 6, 0, i + 1);
      reports.add(vdpa ? DeviceReport.vdpa(vf, new VendorProduct("15b3", "101e"), pf, 0, new VdpaDevice("vdpa" + i, "/dev/vhost-vdpa-" + i))
          : DeviceReport.vf(vf, new VendorProduct("15b3", "101e"), pf, 0));
    }
    HostDevices devices = new HostDevices("h", d -> Optional.of(Map.of("physical_network", "physnet4")));
    devices.update(reports);
    return devices;
  }

  private static HostState host(String name, boolean up, boolean enabled, long usedRam, HostDevices devices) {
    return new HostState(name, up, enabled, 8, 0, 4096, usedRam, 100, 0,
        List.of(new HostNumaCell(0, 0, 8, 4096, 0, usedRam)), devices.pools(), true, true);
  }

  private static HostFacts facts(HostDevices devices, Map<String, String> names) {
    return new HostFacts(null, false, LAST_BEAT, null, null, devices.devices(), names);
  }

  /** Each server claims one vDPA device of the host. */
  private static void eachHoldsAVdpaDevice(HostDevices devices, String... servers) {
    for (String server : servers) {
      devices.claim(server, server, List.of(port("p-" + server, VnicType.VDPA, "physnet4")), null).commit();
    }
  }

  private static PciRequest port(String id, VnicType type, String physnet) {
    return PortRequests.forPort(id, id, type, physnet, TrustedMode.NOT_ASKED, null, null).orElseThrow();
  }

  private static ScheduleRequest request(long ramMb, int numaNodes, PciRequest... ports) {
    return ScheduleRequest.of("vm", 1, ramMb, 1, numaNodes, List.of(ports));
  }

  private HostVerdict explainOne(ScheduleRequest request, HostState host, HostFacts facts) {
    return scheduler.explain(request, List.of(host), h -> facts).hosts().get(0);
  }

  @Test
  void aDownHostSaysSinceWhenItWasSilentAndIsNoCandidate() {
    HostDevices devices = referenceDevices(true);
    HostVerdict v = explainOne(request(512, 0), host("c0", false, true, 0, devices), facts(devices, Map.of()));
    assertThat(v.candidate()).isFalse();
    assertThat(v.refusal()).isEqualTo(new Refusal("ComputeFilter", "down: no heartbeat since 2030-01-02T03:04:05Z", "down"));
    HostVerdict forced = explainOne(request(512, 0), host("c0", false, true, 0, devices),
        new HostFacts(null, true, LAST_BEAT, null, null, List.of(), Map.of()));
    assertThat(forced.refusal().reason()).isEqualTo("down: forced down");
  }

  @Test
  void aDisabledHostGivesTheOperatorsReason() {
    HostDevices devices = referenceDevices(true);
    HostVerdict v = explainOne(request(512, 0), host("c0", true, false, 0, devices),
        new HostFacts("maintenance", false, LAST_BEAT, null, null, devices.devices(), Map.of()));
    assertThat(v.candidate()).isFalse();
    assertThat(v.refusal()).isEqualTo(new Refusal("ComputeFilter", "disabled: maintenance", "disabled"));
  }

  @Test
  void aHostWhoseVdpaDevicesAreAllHeldNamesTheirServers() {
    HostDevices devices = referenceDevices(true);
    Map<String, String> names = Map.of("uuid-a", "A", "uuid-b", "B", "uuid-c", "C", "uuid-d", "D");
    eachHoldsAVdpaDevice(devices, "uuid-a", "uuid-b", "uuid-c", "uuid-d");
    for (String server : names.keySet()) devices.allocate(server);
    HostVerdict v = explainOne(request(512, 0, port("p", VnicType.VDPA, "physnet4")), host("c0", true, true, 0, devices),
        facts(devices, names));
    assertThat(v.candidate()).isTrue();
    assertThat(v.refusal()).isEqualTo(new Refusal("PciPassthroughFilter",
        "physnet4: 0 of 4 vdpa devices free (held by servers A, B, C, D)", "no free vdpa device on physnet4"));
  }

  @Test
  void twoPortsOnAHostWithOneFreeDeviceCountWhatTheyAskTogether() {
    HostDevices devices = referenceDevices(true);
    eachHoldsAVdpaDevice(devices, "uuid-a", "uuid-b", "uuid-c");
    HostVerdict v = explainOne(request(512, 0, port("p1", VnicType.VDPA, "physnet4"), port("p2", VnicType.VDPA, "physnet4")),
        host("c0", true, true, 0, devices), facts(devices, Map.of("uuid-a", "A")));
    assertThat(v.refusal().reason()).isEqualTo("physnet4: 1 of 4 vdpa devices free, 2 asked (held by servers A, uuid-b, uuid-c)");
    assertThat(v.refusal().summary()).isEqualTo("not enough free vdpa devices on physnet4");
  }

  @Test
  void aPortOnAnotherPhysicalNetworkFindsNoDeviceThere() {
    HostDevices devices = referenceDevices(true);
    HostVerdict v = explainOne(request(512, 0, port("p", VnicType.VDPA, "physnet7")), host("c0", true, true, 0, devices),
        facts(devices, Map.of()));
    assertThat(v.refusal()).isEqualTo(new Refusal("PciPassthroughFilter",
        "no vdpa device on physnet7 (this host's vdpa devices are on physnet4)", "no vdpa device on physnet7"));
  }

  @Test
  void aPfAndAVdpaDeviceUnderTheOnlyPfCannotGoToOneServer() {
    HostDevices devices = referenceDevices(true);
    HostVerdict v = explainOne(request(512, 0, port("pf", VnicType.DIRECT_PHYSICAL, "physnet4"),
        port("v", VnicType.VDPA, "physnet4")), host("c0", true, true, 0, devices), facts(devices, Map.of()));
    assertThat(v.refusal()).isEqualTo(new Refusal("PciPassthroughFilter",
        "a PF and its VF cannot both go to one server: every free PF (0000:06:00.0) would leave too few vdpa devices under other PFs",
        "a PF and its VF cannot both go to one server"));
  }

  @Test
  void aPfWhoseVfIsHeldIsBlockedByThatServer() {
    HostDevices devices = referenceDevices(true);
    eachHoldsAVdpaDevice(devices, "uuid-a");
    HostVerdict v = explainOne(request(512, 0, port("pf", VnicType.DIRECT_PHYSICAL, "physnet4")),
        host("c0", true, true, 0, devices), facts(devices, Map.of("uuid-a", "A")));
    assertThat(v.refusal().reason()).isEqualTo("physnet4: 0 of 1 PF free (1 blocked: VFs under them held by A)");
  }

  @Test
  void aHostTooOldForVdpaSaysWhichComponent() {
    HostDevices devices = referenceDevices(false);
    HostVerdict v = explainOne(request(512, 0, port("p", VnicType.VDPA, "physnet4")), host("c0", true, true, 0, devices),
        new HostFacts(null, false, LAST_BEAT, TOO_OLD, null, devices.devices(), Map.of()));
    assertThat(v.refusal()).isEqualTo(new Refusal("PciPassthroughFilter", "vDPA not supported: " + TOO_OLD, "vDPA not supported"));
    assertThat(devices.devices()).extracting(d -> d.type()).doesNotContain(DevType.VDPA);
  }

  @Test
  void aHostWhoseSwitchIsDownRefusesVdpaAndDirectPortsOnlyWithTheSwitchsReason() {
    HostDevices devices = referenceDevices(true);
    HostState state = new HostState("c0", true, true, 8, 0, 4096, 0, 100, 0,
        List.of(new HostNumaCell(0, 0, 8, 4096, 0, 0)), devices.pools(), true, false);
    String unreachable = "the switch's database at unix:/run/openvswitch/db.sock cannot be reached: cannot connect";
    HostFacts facts = new HostFacts(null, false, LAST_BEAT, null, unreachable, devices.devices(), Map.of());

    for (VnicType switched : List.of(VnicType.VDPA, VnicType.DIRECT)) {
      HostVerdict v = explainOne(request(512, 0, port("p", switched, "physnet4")), state, facts);
      assertThat(v.candidate()).isTrue();
      assertThat(v.refusal()).isEqualTo(new Refusal("OffloadedSwitchFilter", "offloaded switch down: " + unreachable,
          "its offloaded switch is down"));
    }
    // A macvtap port passes the switch; the reference host's VFs are all vDPA devices, none a plain VF.
    assertThat(explainOne(request(512, 0, port("m", VnicType.MACVTAP, "physnet4")), state, facts).refusal().filter())
        .isEqualTo("PciPassthroughFilter");
    assertThat(explainOne(request(512, 0), state, facts).fits()).isTrue();
    HostState up = host("c1", true, true, 0, referenceDevices(true));
    assertThat(scheduler.schedule(request(512, 0, port("p", VnicType.VDPA, "physnet4")), List.of(state, up), 3))
        .extracting(Placement::host).containsExactly("c1");
  }

  @Test
  void memoryAndNumaShortfallsSayWhatWasAskedAndWhatIsFree() {
    HostDevices devices = referenceDevices(true);
    HostVerdict ram = explainOne(request(4096, 0), host("c0", true, true, 3072, devices), facts(devices, Map.of()));
    assertThat(ram.refusal()).isEqualTo(new Refusal("ResourceFilter",
        "RAM: 4096 MB asked, 3072 MB free (4096 MB x 1.5, 3072 MB used)", "not enough RAM"));
    HostVerdict numa = explainOne(request(512, 2), host("c0", true, true, 0, devices), facts(devices, Map.of()));
    assertThat(numa.refusal()).isEqualTo(new Refusal("NUMATopologyFilter",
        "NUMA: the guest asks for 2 NUMA nodes, the host has 1", "too few NUMA nodes"));
    HostVerdict cell = explainOne(request(2048, 1), host("c0", true, true, 3072, devices), facts(devices, Map.of()));
    assertThat(cell.refusal().reason())
        .isEqualTo("NUMA: 0 of 1 NUMA nodes have 1 vCPUs and 2048 MB free for a guest cell (node 0: 128 vCPUs, 1024 MB free)");
  }

  @Test
  void devicesOnAnotherNumaNodeThanTheGuestRequiresAreNamed() {
    HostDevices devices = referenceDevices(true);
    HostState twoNodes = new HostState("c0", true, true, 8, 0, 8192, 4096, 100, 0,
        List.of(new HostNumaCell(0, 0, 4, 4096, 0, 4096), new HostNumaCell(1, 0, 4, 4096, 0, 0)), devices.pools(), true, true);
    PciRequest required = PortRequests.forPort("p", "p", VnicType.VDPA, "physnet4", TrustedMode.NOT_ASKED, NumaPolicy.REQUIRED, null).orElseThrow();
    HostVerdict v = explainOne(request(1024, 1, required), twoNodes, facts(devices, Map.of()));
    assertThat(v.refusal()).isEqualTo(new Refusal("NUMATopologyFilter",
        "NUMA: the server's devices are free, but not on a NUMA node with room for the guest (nodes with room: 1) under its PCI NUMA policy",
        "devices not on the guest's NUMA nodes"));
  }

  @Test
  void theMessageCountsOnlyCandidatesAndTheDetailsNameEveryRefusedHost() {
    HostDevices full = referenceDevices(true);
    eachHoldsAVdpaDevice(full, "uuid-a", "uuid-b", "uuid-c", "uuid-d");
    HostDevices free = referenceDevices(true);
    ScheduleRequest request = request(512, 0, port("p", VnicType.VDPA, "physnet4"));
    List<HostState> hosts = List.of(host("c0", true, true, 0, full), host("c1", true, false, 0, free), host("c2", false, true, 0, free));
    Map<String, HostFacts> facts = Map.of("c0", facts(full, Map.of()), "c1",
        new HostFacts("maintenance", false, LAST_BEAT, null, null, free.devices(), Map.of()), "c2", facts(free, Map.of()));
    Explanation e = scheduler.explain(request, hosts, facts::get);
    assertThat(e.candidates()).isEqualTo(1);
    assertThat(e.message()).isEqualTo("No valid host was found. The only candidate host refused the server: "
        + "1 refused by PciPassthroughFilter (no free vdpa device on physnet4).");
    assertThat(e.details()).isEqualTo(String.join("\n",
        "c0: PciPassthroughFilter: physnet4: 0 of 4 vdpa devices free (held by servers uuid-a, uuid-b, uuid-c, uuid-d)",
        "c1 (not a candidate): ComputeFilter: disabled: maintenance",
        "c2 (not a candidate): ComputeFilter: down: no heartbeat since 2030-01-02T03:04:05Z"));
    // The scheduling path's own refusal counts the same way, without the reasons.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> scheduler.schedule(request, hosts, 3))
        .hasMessage("No valid host was found. There are not enough hosts available: of 1 candidate host, "
            + "PciPassthroughFilter removed 1 host; 2 hosts down, disabled or excluded by the request");
    Explanation fits = scheduler.explain(request, List.of(host("c1", true, true, 0, free), hosts.get(0)), facts::get);
    assertThat(fits.hosts().get(0).fits()).isTrue();
    assertThat(fits.message()).isEqualTo("1 of 2 candidate hosts can take the server.");
  }
}

package org.vdpacompute.core.pci.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.core.pci.DeviceStatus.ALLOCATED;
import static org.vdpacompute.core.pci.DeviceStatus.AVAILABLE;
import static org.vdpacompute.core.pci.DeviceStatus.CLAIMED;
import static org.vdpacompute.core.pci.DeviceStatus.REMOVED;
import static org.vdpacompute.core.pci.DeviceStatus.UNAVAILABLE;
import static org.vdpacompute.core.pci.DeviceStatus.UNCLAIMABLE;
import static org.vdpacompute.core.pci.tracker.Hosts.PF;
import static org.vdpacompute.core.pci.tracker.Hosts.port;
import static org.vdpacompute.core.pci.tracker.Hosts.vf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.DeviceStatus;
import org.vdpacompute.core.pci.DeviceStatusException;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.core.pci.spec.DeviceSpecList;

class HostDevicesTest {

  private static DeviceStatus status(HostDevices host, PciAddress address) {
    return host.device(address).orElseThrow().status();
  }

  private static long available(HostDevices host) {
    return host.devices().stream().filter(d -> d.status() == AVAILABLE).count();
  }

  @Test
  void freshReferenceHostHasFiveAvailableDevicesOfTheRightTypes() {
    HostDevices host = Hosts.referenceHost();
    assertThat(host.devices()).hasSize(5);
    assertThat(available(host)).isEqualTo(5);
    assertThat(host.device(PF).orElseThrow().type()).isEqualTo(DevType.PF);
    PciDevice vdpa = host.device(vf(2)).orElseThrow();
    assertThat(vdpa.type()).isEqualTo(DevType.VDPA);
    assertThat(vdpa.parentAddress()).isEqualTo(PF);
    assertThat(vdpa.vdpa()).isEqualTo(new VdpaDevice("vdpa2", "/dev/vhost-vdpa-2"));
    assertThat(host.pools().totalAvailable()).isEqualTo(5);
  }

  @Test
  void aRemoteManagedEntryWhitelistsOnlyTheVfsOfACardWithAVpdSerialAndLaterEntriesTakeTheOthers() {
    PciAddress dpu = PciAddress.parse("0000:3b:00.0");
    PciAddress dpuVf = PciAddress.parse("0000:3b:00.2");
    List<DeviceReport> reports = new ArrayList<>(Hosts.referenceWithPlainVfs());
    reports.add(DeviceReport.pf(dpu, new VendorProduct("15b3", "a2d6"), 0, "p0")
        .withCardSerial("MT2113X00000"));
    reports.add(DeviceReport.vf(dpuVf, Hosts.VF_IDS, dpu, 0).withCardSerial("MT2113X00000"));
    HostDevices host = new HostDevices("compute-0", DeviceSpecList.parse(List.of(
        "{\"product_id\": \"101e\", \"remote_managed\": \"yes\"}",
        "{\"product_id\": \"101e\", \"physical_network\": \"physnet4\"}")));
    host.update(reports);
    assertThat(host.device(dpuVf).orElseThrow().tags()).isEqualTo(Map.of("remote_managed", "true"));
    assertThat(host.device(vf(0)).orElseThrow().tags()).isEqualTo(Map.of("physical_network", "physnet4"));
    try (PciClaim claim = host.claim("vm-1", "c1", List.of(port(VnicType.REMOTE_MANAGED, null)), null)) {
      assertThat(claim.devices()).extracting(PciDevice::address).containsExactly(dpuVf);
    }
    try (PciClaim claim = host.claim("vm-2", "c2", List.of(port(VnicType.DIRECT)), null)) {
      assertThat(claim.devices()).extracting(PciDevice::address).doesNotContain(dpuVf);
    }
  }

  @Test
  void oneVdpaServerLeavesThreeAvailableAndThePfUnclaimable() {
    HostDevices host = Hosts.referenceHost();
    try (PciClaim claim = host.claim("vm-1", "c1", List.of(port(VnicType.VDPA)), null)) {
      claim.commit();
      assertThat(claim.devices()).singleElement().satisfies(d -> {
        assertThat(d.type()).isEqualTo(DevType.VDPA);
        assertThat(d.instanceUuid()).isEqualTo("vm-1");
      });
    }
    assertThat(available(host)).isEqualTo(3);
    assertThat(status(host, PF)).isEqualTo(UNCLAIMABLE);
    host.allocate("vm-1");
    assertThat(status(host, PF)).isEqualTo(UNAVAILABLE);
    assertThat(available(host)).isEqualTo(3);
    assertThat(host.pools().totalAvailable()).isEqualTo(3);
  }

  @Test
  void claimingAPfMakesItsVfsUnclaimableAndAllocatingUnavailable() {
    HostDevices host = Hosts.referenceHost();
    host.claim("vm-1", "c1", List.of(port(VnicType.DIRECT_PHYSICAL)), null).commit();
    assertThat(status(host, PF)).isEqualTo(CLAIMED);
    for (int i = 0; i < 4; i++) assertThat(status(host, vf(i))).isEqualTo(UNCLAIMABLE);
    host.allocate("vm-1");
    assertThat(status(host, PF)).isEqualTo(ALLOCATED);
    for (int i = 0; i < 4; i++) assertThat(status(host, vf(i))).isEqualTo(UNAVAILABLE);
    assertThat(host.pools().totalAvailable()).isZero();
  }

  @Test
  void freeingAPfFreesItsVfs() {
    HostDevices host = Hosts.referenceHost();
    host.claim("vm-1", "c1", List.of(port(VnicType.DIRECT_PHYSICAL)), null).commit();
    host.allocate("vm-1");
    host.freeInstance("vm-1");
    assertThat(available(host)).isEqualTo(5);
  }

  @Test
  void thePfStaysBlockedUntilItsLastVfIsFreed() {
    HostDevices host = Hosts.referenceHost();
    host.claim("vm-1", "c1", List.of(port(VnicType.VDPA)), null).commit();
    host.claim("vm-2", "c2", List.of(port(VnicType.VDPA)), null).commit();
    host.allocate("vm-1");
    assertThat(status(host, PF)).isEqualTo(UNAVAILABLE);
    host.freeInstance("vm-1");
    assertThat(status(host, PF)).as("vm-2 still claims a VF").isEqualTo(UNCLAIMABLE);
    host.freeInstance("vm-2");
    assertThat(status(host, PF)).isEqualTo(AVAILABLE);
  }

  @Test
  void aSameHostResizeHoldsTwoVfsUntilTheSourceClaimIsFreed() {
    HostDevices host = Hosts.referenceHost();
    host.claim("vm-1", "boot", List.of(port(VnicType.VDPA)), null).commit();
    host.allocate("vm-1");
    host.claim("vm-1", "resize", List.of(port(VnicType.VDPA)), null).commit();
    assertThat(host.devices().stream().filter(d -> "vm-1".equals(d.instanceUuid()))).hasSize(2);
    assertThat(host.freeInstanceExcept("vm-1", "resize")).singleElement().satisfies(d -> assertThat(d.status()).isEqualTo(AVAILABLE));
    assertThat(host.devices().stream().filter(d -> "vm-1".equals(d.instanceUuid())))
        .singleElement().satisfies(d -> assertThat(d.claimId()).isEqualTo("resize"));
    assertThat(available(host)).isEqualTo(3);
  }

  @Test
  void freeingOneRequestLeavesTheInstancesOtherDevices() {
    HostDevices host = Hosts.referenceHost();
    List<PciDevice> claimed;
    try (PciClaim claim = host.claim("vm-1", "boot", List.of(port(VnicType.VDPA), port(VnicType.VDPA)), null)) {
      claim.commit();
      claimed = claim.devices();
    }
    String detached = claimed.get(0).requestId();
    assertThat(host.freeRequest("vm-1", detached)).extracting(PciDevice::address).containsExactly(claimed.get(0).address());
    assertThat(status(host, claimed.get(1).address())).isEqualTo(CLAIMED);
    assertThat(status(host, PF)).isEqualTo(UNCLAIMABLE);
  }

  @Test
  void aPfClaimIsRefusedWhileAVfIsClaimed() {
    HostDevices host = Hosts.referenceHost();
    host.claim("vm-1", "c1", List.of(port(VnicType.VDPA)), null).commit();
    assertThatThrownBy(() -> host.claim("vm-2", "c2", List.of(port(VnicType.DIRECT_PHYSICAL)), null))
        .isInstanceOf(PciClaimFailedException.class)
        .hasMessageContaining("compute-0")
        .hasMessageContaining("vm-2");
  }

  @Test
  void aRefusedTransitionNamesTheDeviceAndBothStatuses() {
    HostDevices host = Hosts.referenceHost();
    host.claim("vm-1", "c1", List.of(port(VnicType.VDPA)), null).commit();
    TrackedDevice pf = new TrackedDevice(DeviceReport.pf(PF, Hosts.PF_IDS, 0, null), Map.of(), null);
    TrackedDevice child = new TrackedDevice(DeviceReport.vf(vf(0), Hosts.VF_IDS, PF, 0), Map.of(), null);
    pf.adopt(child);
    child.claim("vm-1", "c1", "r1");
    assertThatThrownBy(() -> pf.claim("vm-2", "c2", "r2"))
        .isInstanceOf(DeviceStatusException.class)
        .hasMessageContaining("0000:06:00.0")
        .hasMessageContaining("claimed")
        .hasMessageContaining("available")
        .hasMessageContaining("0000:06:00.1");
    assertThatThrownBy(() -> child.allocate("vm-9"))
        .isInstanceOf(DeviceStatusException.class)
        .hasMessageContaining("0000:06:00.1 allocated: it is claimed")
        .hasMessageContaining("vm-1");
    TrackedDevice free = new TrackedDevice(DeviceReport.vf(vf(1), Hosts.VF_IDS, PF, 0), Map.of(), null);
    assertThatThrownBy(free::free).isInstanceOf(DeviceStatusException.class)
        .hasMessageContaining("it is available");
  }

  @Test
  void aPfMayBeClaimedWhenItsOnlyNonAvailableChildrenAreMerelyBlocked() {
    TrackedDevice pf = new TrackedDevice(DeviceReport.pf(PF, Hosts.PF_IDS, 0, null), Map.of(), null);
    TrackedDevice child = new TrackedDevice(DeviceReport.vf(vf(0), Hosts.VF_IDS, PF, 0), Map.of(), null);
    pf.adopt(child);
    child.status = UNCLAIMABLE;
    pf.claim("vm-1", "c1", "r1");
    assertThat(pf.status).isEqualTo(CLAIMED);
  }

  @Test
  void aVfUnderAHeldPfIsRefused() {
    TrackedDevice pf = new TrackedDevice(DeviceReport.pf(PF, Hosts.PF_IDS, 0, null), Map.of(), null);
    TrackedDevice child = new TrackedDevice(DeviceReport.vf(vf(0), Hosts.VF_IDS, PF, 0), Map.of(), null);
    pf.adopt(child);
    pf.claim("vm-1", "c1", "r1");
    assertThatThrownBy(() -> child.claim("vm-2", "c2", "r2"))
        .isInstanceOf(DeviceStatusException.class).hasMessageContaining("its PF 0000:06:00.0 is claimed");
  }

  @Test
  void pfAndVdpaAreHandedOnlyToRequestsThatAskForThem() {
    HostDevices host = Hosts.referenceHost();
    assertThatThrownBy(() -> host.claim("vm-1", "c1", List.of(port(VnicType.DIRECT)), null))
        .as("the VFs are vDPA devices and the PF is a PF: a direct port gets neither")
        .isInstanceOf(PciClaimFailedException.class);
    assertThat(available(host)).isEqualTo(5);
  }

  @Test
  void directPhysicalAndVdpaOnOnePfDoNotFitTogether() {
    HostDevices host = Hosts.referenceHost();
    assertThatThrownBy(() -> host.claim("vm-1", "c1",
        List.of(port(VnicType.DIRECT_PHYSICAL), port(VnicType.VDPA)), null))
        .isInstanceOf(PciClaimFailedException.class);
    assertThat(available(host)).isEqualTo(5);
  }

  @Test
  void allRequestsOfAnInstanceAreClaimedTogetherAndReportedPerRequest() {
    HostDevices host = Hosts.referenceHost();
    var first = port(VnicType.VDPA);
    var second = port(VnicType.VDPA);
    PciClaim claim = host.claim("vm-1", "c1", List.of(first, second), null);
    claim.commit();
    assertThat(claim.devicesByRequest()).containsOnlyKeys(first.requestId(), second.requestId());
    assertThat(claim.devices()).extracting(PciDevice::address).doesNotHaveDuplicates().hasSize(2);
    assertThat(claim.devices()).allSatisfy(d -> assertThat(d.requestId()).isIn(first.requestId(), second.requestId()));
  }

  @Test
  void fiveVdpaRequestsDoNotFitFourDevicesAndNothingIsClaimed() {
    HostDevices host = Hosts.referenceHost();
    List<org.vdpacompute.core.pci.request.PciRequest> five = new ArrayList<>();
    for (int i = 0; i < 5; i++) five.add(port(VnicType.VDPA));
    assertThatThrownBy(() -> host.claim("vm-1", "c1", five, null)).isInstanceOf(PciClaimFailedException.class);
    assertThat(available(host)).isEqualTo(5);
  }

  @Test
  void anUncommittedClaimRollsBackOnClose() {
    HostDevices host = Hosts.referenceHost();
    try (PciClaim claim = host.claim("vm-1", "c1", List.of(port(VnicType.VDPA)), null)) {
      assertThat(claim.devices()).hasSize(1);
      assertThat(available(host)).isEqualTo(3);
    }
    assertThat(available(host)).isEqualTo(5);
    assertThat(host.holders()).isEmpty();
  }

  @Test
  void aClaimThatFailsHalfWayLeavesNothingBehind() {
    HostDevices host = Hosts.referenceHost();
    var plan = org.vdpacompute.core.pci.pool.FitQuery.of(List.of(port(VnicType.VDPA), port(VnicType.VDPA)))
        .plan(host.pools(), null).orElseThrow();
    host.claim("vm-0", "c0", List.of(port(VnicType.VDPA), port(VnicType.VDPA), port(VnicType.VDPA)), null).commit();
    // The plan was made before vm-0 took three VFs: its second device is gone.
    assertThatThrownBy(() -> host.claim("vm-1", "c1", plan)).isInstanceOf(PciClaimFailedException.class);
    assertThat(host.holders()).containsExactly("vm-0");
    assertThat(available(host)).isEqualTo(1);
  }

  @Test
  void aSameHostResizeHoldsTwoClaimsAndFreesOneByClaimId() {
    HostDevices host = Hosts.referenceHost();
    host.claim("vm-1", "boot", List.of(port(VnicType.VDPA)), null).commit();
    host.allocate("vm-1");
    host.claim("vm-1", "resize", List.of(port(VnicType.VDPA)), null).commit();
    assertThat(available(host)).isEqualTo(2);
    host.freeClaim("boot");
    assertThat(available(host)).isEqualTo(3);
    assertThat(host.devices()).filteredOn(d -> "vm-1".equals(d.instanceUuid()))
        .singleElement().extracting(PciDevice::claimId).isEqualTo("resize");
  }

  @Test
  void aDeviceGoneFromTheHostIsRemovedWhenFreeAndKeptStaleWhileHeld() {
    HostDevices host = Hosts.referenceHost();
    PciClaim claim = host.claim("vm-1", "c1", List.of(port(VnicType.VDPA)), null);
    claim.commit();
    PciAddress held = claim.devices().get(0).address();
    List<DeviceReport> without = new ArrayList<>(Hosts.reference());
    without.removeIf(r -> r.address().equals(held) || r.address().equals(vf(3)));
    host.update(without);
    assertThat(status(host, vf(3))).isEqualTo(REMOVED);
    assertThat(host.device(held).orElseThrow()).satisfies(d -> {
      assertThat(d.status()).isEqualTo(CLAIMED);
      assertThat(d.stale()).isTrue();
    });
    host.freeInstance("vm-1");
    assertThat(status(host, held)).isEqualTo(REMOVED);
    assertThat(status(host, PF)).isEqualTo(AVAILABLE);
    assertThat(host.pools().totalAvailable()).isEqualTo(3);
    host.update(Hosts.reference());
    assertThat(available(host)).as("devices that come back are available again").isEqualTo(5);
  }

  @Test
  void aVfThatGainsAVdpaDeviceMovesPool() {
    HostDevices host = new HostDevices("h", Hosts.PHYSNET4);
    host.update(Hosts.referenceWithPlainVfs());
    assertThat(host.claim("vm-1", "c1", List.of(port(VnicType.DIRECT)), null).devices())
        .singleElement().extracting(PciDevice::type).isEqualTo(DevType.VF);
    host.freeInstance("vm-1");
    host.update(Hosts.reference());
    assertThat(host.devices()).filteredOn(d -> d.type() == DevType.VDPA).hasSize(4);
    assertThatThrownBy(() -> host.claim("vm-2", "c2", List.of(port(VnicType.DIRECT)), null))
        .isInstanceOf(PciClaimFailedException.class);
  }

  @Test
  void aHeldDeviceTakesItsNewDetailsWhenFreed() {
    HostDevices host = new HostDevices("h", Hosts.PHYSNET4);
    host.update(Hosts.referenceWithPlainVfs());
    PciDevice held = host.claim("vm-1", "c1", List.of(port(VnicType.DIRECT)), null).devices().get(0);
    host.update(Hosts.reference());
    assertThat(host.device(held.address()).orElseThrow().type()).as("still what the guest got").isEqualTo(DevType.VF);
    host.freeInstance("vm-1");
    assertThat(host.device(held.address()).orElseThrow().type()).isEqualTo(DevType.VDPA);
    assertThat(host.pools().totalAvailable()).isEqualTo(5);
  }

  @Test
  void onlyWhitelistedDevicesAreTracked() {
    HostDevices host = new HostDevices("h",
        d -> d.ids().productId().equals("101e") ? Optional.of(Map.of("physical_network", "physnet4")) : Optional.empty());
    host.update(Hosts.reference());
    assertThat(host.devices()).hasSize(4).allSatisfy(d -> assertThat(d.type()).isEqualTo(DevType.VDPA));
    host.claim("vm-1", "c1", List.of(port(VnicType.VDPA)), null).commit();
    assertThat(available(host)).isEqualTo(3);
  }

  @Test
  void aPortOnAnotherPhysicalNetworkDoesNotFit() {
    HostDevices host = Hosts.referenceHost();
    assertThatThrownBy(() -> host.claim("vm-1", "c1", List.of(port(VnicType.VDPA, "physnet9")), null))
        .isInstanceOf(PciClaimFailedException.class);
    assertThatThrownBy(() -> host.claim("vm-1", "c1", List.of(port(VnicType.VDPA, null)), null))
        .as("a tunnelled network matches only devices with no physical network")
        .isInstanceOf(PciClaimFailedException.class);
  }

  @Test
  void aRestoredTrackerHasTheRecordedHoldersAndDerivesTheRest() {
    HostDevices original = Hosts.referenceHost();
    original.claim("vm-1", "c1", List.of(port(VnicType.VDPA)), null).commit();
    original.allocate("vm-1");
    original.claim("vm-2", "c2", List.of(port(VnicType.VDPA)), null).commit();
    List<PciDevice> recorded = new ArrayList<>(original.devices());
    // A record that says the PF is available (as a buggy writer might) is corrected on restore.
    recorded.replaceAll(d -> d.type() == DevType.PF
        ? new PciDevice(d.report(), d.tags(), d.parentIfname(), AVAILABLE, null, null, null, false) : d);

    HostDevices restored = new HostDevices("compute-0", Hosts.PHYSNET4);
    restored.restore(recorded);

    assertThat(restored.devices()).isEqualTo(original.devices());
    assertThat(restored.pools()).isEqualTo(original.pools());
    assertThat(status(restored, PF)).isEqualTo(UNAVAILABLE);
    assertThatThrownBy(() -> restored.claim("vm-3", "c2", List.of(port(VnicType.VDPA)), null))
        .as("claim ids are restored too").isInstanceOf(IllegalArgumentException.class);
    restored.freeInstance("vm-1");
    restored.freeInstance("vm-2");
    assertThat(available(restored)).isEqualTo(5);
  }
}

package org.vdpacompute.store.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.vdpacompute.controller.placement.PciDeviceStore.HostRecord;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.DeviceStatus;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/** A save records exactly the devices given, whichever rows it had to write for that. */
class JdbcPciDeviceStoreTest {
  private static final PciAddress PF = PciAddress.parse("0000:06:00.0");
  private static final Map<String, String> PHYSNET4 = Map.of("physical_network", "physnet4");

  private static PciDevice pf(DeviceStatus status) {
    return new PciDevice(DeviceReport.pf(PF, new VendorProduct("15b3", "101d"), 0, "enp6s0f0"), PHYSNET4, null, status,
        null, null, null, false);
  }

  private static PciDevice vdpa(int n, DeviceStatus status, String instance) {
    DeviceReport report = DeviceReport.vdpa(new PciAddress(0, 6, 0, n), new VendorProduct("15b3", "101e"), PF, 0,
        new VdpaDevice("vdpa" + n, "/dev/vhost-vdpa-" + n));
    return new PciDevice(report, PHYSNET4, "enp6s0f0", status, instance, instance == null ? null : "claim-" + instance,
        instance == null ? null : "port-" + instance, false);
  }

  @EachDatabase
  void aSaveLeavesExactlyTheDevicesGivenChangedAddedAndGoneAlike(TestDatabase db) {
    JdbcPciDeviceStore store = new JdbcPciDeviceStore(db.open());
    List<PciDevice> first = List.of(pf(DeviceStatus.AVAILABLE), vdpa(1, DeviceStatus.AVAILABLE, null),
        vdpa(2, DeviceStatus.AVAILABLE, null));
    assertThat(store.save("compute-0", 0, first)).isTrue();
    assertThat(store.load("compute-0")).isEqualTo(new HostRecord(1, first));

    // A claim changes the VF and its PF; meanwhile vdpa2 left the host and vdpa3 arrived.
    List<PciDevice> second = List.of(pf(DeviceStatus.UNCLAIMABLE), vdpa(1, DeviceStatus.CLAIMED, "vm-1"),
        vdpa(3, DeviceStatus.AVAILABLE, null));
    assertThat(store.save("compute-0", 1, second)).isTrue();
    assertThat(store.load("compute-0")).isEqualTo(new HostRecord(2, second));
  }

  @EachDatabase
  void aDeviceThatChangedOnlyItsReportOrTagsOrParentInterfaceIsRecordedSo(TestDatabase db) {
    JdbcPciDeviceStore store = new JdbcPciDeviceStore(db.open());
    PciDevice vdpa1 = vdpa(1, DeviceStatus.AVAILABLE, null);
    PciDevice vdpa2 = vdpa(2, DeviceStatus.AVAILABLE, null);
    store.save("compute-0", 0, List.of(pf(DeviceStatus.AVAILABLE), vdpa1, vdpa2));

    // The PF's interface was renamed (its report), vdpa1 moved to another NUMA node and network
    // (report and tags), and vdpa2 now names the PF's new interface (a column of its own).
    PciDevice renamedPf = new PciDevice(DeviceReport.pf(PF, new VendorProduct("15b3", "101d"), 0, "ens6f0"), PHYSNET4,
        null, DeviceStatus.AVAILABLE, null, null, null, false);
    DeviceReport r1 = vdpa1.report();
    PciDevice moved = new PciDevice(new DeviceReport(r1.address(), r1.ids(), r1.type(), r1.parentAddress(), 1,
        r1.driver(), r1.ifname(), r1.vdpa(), null), Map.of("physical_network", "physnet5"), "ens6f0", DeviceStatus.AVAILABLE,
        null, null, null, false);
    PciDevice renamedParent = new PciDevice(vdpa2.report(), PHYSNET4, "ens6f0", DeviceStatus.AVAILABLE, null, null,
        null, false);
    List<PciDevice> changed = List.of(renamedPf, moved, renamedParent);
    assertThat(store.save("compute-0", 1, changed)).isTrue();

    assertThat(new JdbcPciDeviceStore(db.open()).load("compute-0")).isEqualTo(new HostRecord(2, changed));
  }

  @EachDatabase
  void aSaveFromAnOutdatedGenerationChangesNothing(TestDatabase db) {
    JdbcPciDeviceStore store = new JdbcPciDeviceStore(db.open());
    List<PciDevice> recorded = List.of(pf(DeviceStatus.AVAILABLE), vdpa(1, DeviceStatus.AVAILABLE, null));
    store.save("compute-0", 0, recorded);
    store.save("compute-0", 1, recorded);

    assertThat(store.save("compute-0", 1, List.of(pf(DeviceStatus.UNCLAIMABLE), vdpa(1, DeviceStatus.CLAIMED, "vm-1"))))
        .isFalse();
    assertThat(store.load("compute-0")).isEqualTo(new HostRecord(2, recorded));
  }

  @EachDatabase
  void aSaveAfterAnotherControllersSaveWritesOverWhatThatOneRecorded(TestDatabase db) {
    var database = db.open();
    JdbcPciDeviceStore mine = new JdbcPciDeviceStore(database);
    JdbcPciDeviceStore theirs = new JdbcPciDeviceStore(database);
    mine.save("compute-0", 0, List.of(pf(DeviceStatus.AVAILABLE), vdpa(1, DeviceStatus.AVAILABLE, null),
        vdpa(2, DeviceStatus.AVAILABLE, null)));
    // The other controller claims vdpa2 and adds vdpa3: rows this store's memory of generation 1 lacks.
    List<PciDevice> claimed = List.of(pf(DeviceStatus.UNCLAIMABLE), vdpa(1, DeviceStatus.AVAILABLE, null),
        vdpa(2, DeviceStatus.CLAIMED, "vm-2"), vdpa(3, DeviceStatus.AVAILABLE, null));
    assertThat(theirs.save("compute-0", theirs.load("compute-0").generation(), claimed)).isTrue();

    List<PciDevice> stale = List.of(pf(DeviceStatus.UNCLAIMABLE), vdpa(1, DeviceStatus.CLAIMED, "vm-1"),
        vdpa(2, DeviceStatus.AVAILABLE, null));
    assertThat(mine.save("compute-0", 1, stale)).as("generation 1 is gone").isFalse();
    HostRecord reloaded = mine.load("compute-0");
    List<PciDevice> both = List.of(pf(DeviceStatus.UNCLAIMABLE), vdpa(1, DeviceStatus.CLAIMED, "vm-1"),
        vdpa(2, DeviceStatus.CLAIMED, "vm-2"), vdpa(3, DeviceStatus.AVAILABLE, null));
    assertThat(mine.save("compute-0", reloaded.generation(), both)).isTrue();
    assertThat(theirs.load("compute-0")).isEqualTo(new HostRecord(3, both));
  }
}

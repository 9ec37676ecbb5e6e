package org.vdpacompute.store.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.controller.placement.ClaimingScheduler;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.HostClaim;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.HostStates;
import org.vdpacompute.core.pci.DeviceStatus;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.PortRequests;
import org.vdpacompute.core.pci.request.TrustedMode;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.scheduler.ScheduleRequest;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/**
 * A claim and what is recorded with it commit together: both are there, or, when the writes that
 * go with the claim fail, neither is, in the database or in the controller's memory.
 */
class ClaimWithWritesTest {
  private static final Flavor VDPA = new Flavor("vdpa", "m1.vdpa", 2, 2048, 10, 0, 0, 1.0, true, null, Map.of());
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

  private record Cloud(Database database, HostInventory inventory, HostStates states, JdbcInstanceStore instances,
      ClaimingScheduler scheduler, JdbcUnitOfWork units) {
    static Cloud on(Database database) {
      ComputeServices services = new ComputeServices(new JdbcComputeServiceStore(database), Clock.systemUTC());
      HostInventory inventory = new HostInventory(new JdbcPciDeviceStore(database), new JdbcUnitOfWork(database));
      JdbcInstanceStore instances = new JdbcInstanceStore(database);
      HostStates states = new HostStates(services, inventory, instances, new JdbcMigrationStore(database));
      services.register(HostInventoryOnDatabaseTest.reference("compute-0"));
      inventory.report(HostInventoryOnDatabaseTest.reference("compute-0"));
      ClaimingScheduler scheduler = new ClaimingScheduler(states, inventory, new JdbcUnitOfWork(database),
          (outcome, nanos, ranking) -> {}, (request, refusal) -> refusal);
      return new Cloud(database, inventory, states, instances, scheduler, new JdbcUnitOfWork(database));
    }

    List<PciDevice> devicesOfVmInDatabase(String uuid) {
      return new JdbcPciDeviceStore(database).load("compute-0").devices().stream()
          .filter(d -> uuid.equals(d.instanceUuid())).toList();
    }
  }

  private static ScheduleRequest vdpaPort(String uuid) {
    PciRequest port = PortRequests.forPort("r-" + uuid, "p-" + uuid, VnicType.VDPA, "physnet4", TrustedMode.NOT_ASKED, null, null)
        .orElseThrow();
    return ScheduleRequest.of(uuid, 2, 2048, 10, 0, List.of(port));
  }

  private static Instance scheduling(String uuid) {
    return new Instance(uuid, uuid, "demo", "u", VDPA, "img", List.of(), List.of(), null, VmState.BUILDING,
        TaskState.SCHEDULING, null, List.of(), T0, T0, null, 1);
  }

  @EachDatabase
  void theClaimAndItsWritesAreRecordedTogether(TestDatabase db) {
    Cloud cloud = Cloud.on(db.open());
    cloud.instances().insert(scheduling("vm-1"));

    List<PciDevice> claimed;
    try (HostClaim claim = cloud.scheduler().placing(vdpaPort("vm-1"), "vm-1").next()) {
      claimed = cloud.units().runVersioned(() -> {
        List<PciDevice> devices = claim.claimDevices();
        cloud.instances().update(scheduling("vm-1").placed(claim.host(), claim.guestCells(), T0));
        return devices;
      }, claim::forget);
      claim.commit("vm-1", VDPA);
    }

    assertThat(claimed).singleElement().satisfies(d -> assertThat(d.status()).isEqualTo(DeviceStatus.CLAIMED));
    assertThat(cloud.devicesOfVmInDatabase("vm-1")).extracting(PciDevice::address)
        .containsExactly(claimed.get(0).address());
    assertThat(cloud.instances().instance("vm-1").orElseThrow().taskState()).isEqualTo(TaskState.SPAWNING);
    assertThat(cloud.states().current("compute-0").orElseThrow().usedVcpus()).isEqualTo(2);
  }

  @EachDatabase
  void writesThatFailUndoTheClaimInTheDatabaseAndInMemory(TestDatabase db) {
    Cloud cloud = Cloud.on(db.open());
    cloud.instances().insert(scheduling("vm-1"));
    int freeBefore = cloud.inventory().pools("compute-0").orElseThrow().totalAvailable();

    try (HostClaim claim = cloud.scheduler().placing(vdpaPort("vm-1"), "vm-1").next()) {
      assertThatThrownBy(() -> cloud.units().runVersioned(() -> {
        claim.claimDevices();
        cloud.instances().update(scheduling("vm-1").placed(claim.host(), claim.guestCells(), T0));
        throw new IllegalStateException("port p-vm-1 could not be bound");
      }, claim::forget)).hasMessage("port p-vm-1 could not be bound");
    }

    assertThat(cloud.devicesOfVmInDatabase("vm-1")).isEmpty();
    assertThat(cloud.inventory().heldBy("compute-0", "vm-1")).isEmpty();
    assertThat(cloud.inventory().pools("compute-0").orElseThrow().totalAvailable()).isEqualTo(freeBefore);
    assertThat(cloud.instances().instance("vm-1").orElseThrow().taskState()).as("rolled back with the claim")
        .isEqualTo(TaskState.SCHEDULING);
    assertThat(cloud.states().current("compute-0").orElseThrow().usedVcpus()).as("not counted on the host").isZero();

    ClaimingScheduler.Claimed again = cloud.scheduler().place(vdpaPort("vm-1"), "vm-1", "vm-1", VDPA);
    assertThat(cloud.devicesOfVmInDatabase("vm-1")).extracting(PciDevice::address)
        .containsExactly(again.devices().get(0).address());
  }
}

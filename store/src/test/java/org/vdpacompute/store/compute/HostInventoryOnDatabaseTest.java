package org.vdpacompute.store.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.PciDeviceStore;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.DeviceStatus;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.core.pci.pool.FitPlan;
import org.vdpacompute.core.pci.pool.FitQuery;
import org.vdpacompute.core.pci.request.PortRequests;
import org.vdpacompute.core.pci.request.TrustedMode;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.core.pci.tracker.PciClaimFailedException;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/** Two controllers sharing one database hand out a host's devices: never one device to two guests. */
class HostInventoryOnDatabaseTest {

  /** The reference host of CONTRACT section 3: 1 PF and 4 vDPA devices, all on physnet4. */
  static HostReport reference(String host) {
    PciAddress pf = PciAddress.parse("0000:06:00.0");
    List<DeviceReport> devices = new ArrayList<>();
    devices.add(DeviceReport.pf(pf, new VendorProduct("15b3", "101d"), 0, "enp6s0f0"));
    for (int i = 0; i < 4; i++) {
      devices.add(DeviceReport.vdpa(new PciAddress(0, 6, 0, i + 1), new VendorProduct("15b3", "101e"), pf, 0,
          new VdpaDevice("vdpa" + i, "/dev/vhost-vdpa-" + i)));
    }
    return new HostReport(host, 3, 10, "kvm", "6.9.0", "5.1.0", "5.15.0", 8, 16384, 100,
        List.of(new HostReport.Cell(0, 0, 8, 16384)), true, null, devices,
        List.of("{\"vendor_id\": \"15b3\", \"physical_network\": \"physnet4\"}"), null);
  }

  private static FitPlan vdpaPlan(HostInventory inventory, String instance) {
    var request = PortRequests.forPort("r-" + instance, "port-" + instance, VnicType.VDPA, "physnet4", TrustedMode.NOT_ASKED, null, null)
        .orElseThrow();
    return FitQuery.of(List.of(request)).plan(inventory.pools("compute-0").orElseThrow(), null).orElse(null);
  }

  @EachDatabase
  void devicesReportedByOneControllerAreSeenByAnother(TestDatabase db) {
    Database database = db.open();
    HostInventory first = new HostInventory(new JdbcPciDeviceStore(database), new JdbcUnitOfWork(database));
    first.report(reference("compute-0"));
    first.claim("compute-0", "vm-1", "c1", vdpaPlan(first, "vm-1"));

    HostInventory second = new HostInventory(new JdbcPciDeviceStore(database), new JdbcUnitOfWork(database));
    second.recall(reference("compute-0"));
    assertThat(second.devices("compute-0")).isEqualTo(first.devices("compute-0"));
    assertThat(second.devices("compute-0")).filteredOn(d -> "vm-1".equals(d.instanceUuid())).hasSize(1);
    assertThat(second.devices("compute-0")).filteredOn(d -> d.status() == DeviceStatus.AVAILABLE).hasSize(3);

    second.free("compute-0", "vm-1");
    PciDeviceStore.HostRecord record = new JdbcPciDeviceStore(database).load("compute-0");
    assertThat(record.generation()).isEqualTo(3);
    assertThat(record.devices()).allSatisfy(d -> assertThat(d.status()).isEqualTo(DeviceStatus.AVAILABLE));
  }

  @EachDatabase
  void whatOneControllerChangesAnotherReadsAtItsRefresh(TestDatabase db) {
    Database database = db.open();
    HostInventory first = new HostInventory(new JdbcPciDeviceStore(database), new JdbcUnitOfWork(database));
    HostInventory second = new HostInventory(new JdbcPciDeviceStore(database), new JdbcUnitOfWork(database));
    first.report(reference("compute-0"));
    second.refresh(host -> java.util.Optional.of(reference(host)));
    assertThat(second.devices("compute-0")).isEqualTo(first.devices("compute-0"));

    first.claim("compute-0", "vm-1", "c1", vdpaPlan(first, "vm-1"));
    long stamp = second.changes("compute-0");
    second.refresh(host -> java.util.Optional.empty());
    assertThat(second.devices("compute-0")).isEqualTo(first.devices("compute-0"))
        .filteredOn(d -> "vm-1".equals(d.instanceUuid())).hasSize(1);
    assertThat(second.changes("compute-0")).as("the scheduler's stamp moved").isNotEqualTo(stamp);

    // Nothing changed since: no host is read again.
    stamp = second.changes("compute-0");
    second.refresh(host -> java.util.Optional.empty());
    assertThat(second.changes("compute-0")).isEqualTo(stamp);
  }

  @EachDatabase
  void controllersRacingForOneHostNeverShareADevice(TestDatabase db) throws Exception {
    Database database = db.open(db.settings().withMaxPoolSize(8));
    HostInventory a = new HostInventory(new JdbcPciDeviceStore(database), new JdbcUnitOfWork(database));
    a.report(reference("compute-0"));
    HostInventory b = new HostInventory(new JdbcPciDeviceStore(database), new JdbcUnitOfWork(database));
    b.recall(reference("compute-0"));

    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      HostInventory controller = i % 2 == 0 ? a : b;
      String instance = "vm-" + i;
      results.add(pool.submit((Callable<Boolean>) () -> {
        for (int attempt = 0; attempt < 10; attempt++) {
          FitPlan plan = vdpaPlan(controller, instance);
          if (plan == null) return false;
          try {
            controller.claim("compute-0", instance, "c-" + instance, plan);
            return true;
          } catch (PciClaimFailedException lostTheRace) {
            // the devices moved under us: plan again on what is really there
          }
        }
        return false;
      }));
    }
    int won = 0;
    for (Future<Boolean> f : results) won += f.get() ? 1 : 0;
    pool.shutdown();

    List<PciDevice> recorded = new JdbcPciDeviceStore(database).load("compute-0").devices();
    Map<PciAddress, String> holders = new HashMap<>();
    for (PciDevice d : recorded) {
      if (d.instanceUuid() != null) assertThat(holders.put(d.address(), d.instanceUuid())).isNull();
    }
    assertThat(won).as("four vDPA devices, eight guests").isEqualTo(4);
    assertThat(holders).hasSize(4);
    assertThat(holders.values()).doesNotHaveDuplicates();
    assertThat(recorded).filteredOn(d -> d.type() == org.vdpacompute.core.pci.DevType.PF)
        .singleElement().satisfies(pf -> assertThat(pf.status()).isEqualTo(DeviceStatus.UNCLAIMABLE));
  }

  /**
   * A free outside any unit of work waits for its connection before it takes the host's lock. The
   * other way round, with the pool's connections held by units, one of which allocates on the host,
   * the free would hold the lock that unit waits for, and fail when the pool gave up on it.
   */
  @EachDatabase
  void aFreeWaitingForAConnectionDoesNotHoldUpAUnitThatAllocatesOnTheHost(TestDatabase db) throws Exception {
    // Two connections, the fewest the schema's migration takes.
    Database database = db.open(db.settings().withMaxPoolSize(2).withConnectionTimeout(Duration.ofSeconds(5)));
    JdbcUnitOfWork units = new JdbcUnitOfWork(database);
    HostInventory inventory = new HostInventory(new JdbcPciDeviceStore(database), units);
    inventory.report(reference("compute-0"));
    inventory.claim("compute-0", "vm-1", "c1", vdpaPlan(inventory, "vm-1"));
    inventory.claim("compute-0", "vm-2", "c2", vdpaPlan(inventory, "vm-2"));

    ExecutorService threads = Executors.newFixedThreadPool(2);
    CountDownLatch otherUnitHolds = new CountDownLatch(1);
    CountDownLatch otherUnitMayEnd = new CountDownLatch(1);
    try {
      // Another unit holds the second connection until the end.
      Future<?> otherUnit = threads.submit(() -> units.run(() -> {
        otherUnitHolds.countDown();
        awaitQuietly(otherUnitMayEnd);
        return null;
      }));
      assertThat(otherUnitHolds.await(5, TimeUnit.SECONDS)).isTrue();
      AtomicReference<Thread> freeing = new AtomicReference<>();
      List<Future<List<PciDevice>>> freed = new ArrayList<>();
      List<PciDevice> allocated = units.run(() -> {
        freed.add(threads.submit(() -> {
          freeing.set(Thread.currentThread());
          return inventory.free("compute-0", "vm-2");
        }));
        awaitWaiting(freeing);
        return inventory.allocate("compute-0", "vm-1");
      });

      assertThat(allocated).singleElement().satisfies(d -> assertThat(d.status()).isEqualTo(DeviceStatus.ALLOCATED));
      assertThat(freed.get(0).get(10, TimeUnit.SECONDS)).isNotEmpty();
      otherUnitMayEnd.countDown();
      otherUnit.get(10, TimeUnit.SECONDS);
      assertThat(inventory.heldBy("compute-0", "vm-2")).isEmpty();
      assertThat(new JdbcPciDeviceStore(database).load("compute-0").devices())
          .filteredOn(d -> d.instanceUuid() != null).singleElement()
          .satisfies(d -> assertThat(d.status()).isEqualTo(DeviceStatus.ALLOCATED));
    } finally {
      otherUnitMayEnd.countDown();
      threads.shutdownNow();
    }
  }

  /** Returns once the thread, when it has started, waits with a timeout: here, for a connection. */
  private static void awaitWaiting(AtomicReference<Thread> thread) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (thread.get() == null || thread.get().getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline) throw new AssertionError("the free never waited for a connection");
      Thread.onSpinWait();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

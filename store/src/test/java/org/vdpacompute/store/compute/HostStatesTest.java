package org.vdpacompute.store.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.vdpacompute.controller.identity.MutableClock;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.Footprint;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.HostStates;
import org.vdpacompute.core.pci.pool.FitQuery;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.PortRequests;
import org.vdpacompute.core.pci.request.TrustedMode;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.scheduler.HostState;
import org.vdpacompute.scheduler.NoValidHostException;
import org.vdpacompute.scheduler.Placement;
import org.vdpacompute.scheduler.ScheduleRequest;
import org.vdpacompute.scheduler.Scheduler;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/** The scheduler's picture of the hosts, put together from what the controller keeps in the database. */
class HostStatesTest {
  private static final Flavor VDPA = new Flavor("vdpa", "m1.vdpa", 2, 2048, 10, 0, 0, 1.0, true, null, Map.of());

  @EachDatabase
  void aHostsStateHasItsCapacityUsageCellsAndFreeDevices(TestDatabase db) {
    Database database = db.open();
    ComputeServices services = new ComputeServices(new JdbcComputeServiceStore(database), Clock.systemUTC());
    HostInventory inventory = new HostInventory(new JdbcPciDeviceStore(database), new JdbcUnitOfWork(database));
    JdbcInstanceStore instances = new JdbcInstanceStore(database);
    JdbcMigrationStore migrations = new JdbcMigrationStore(database);
    HostStates states = new HostStates(services, inventory, instances, migrations);
    services.register(HostInventoryOnDatabaseTest.reference("compute-0"));
    inventory.report(HostInventoryOnDatabaseTest.reference("compute-0"));

    PciRequest port = PortRequests.forPort("r1", "p1", VnicType.VDPA, "physnet4", TrustedMode.NOT_ASKED, null, null).orElseThrow();
    Placement placement = new Scheduler().schedule(ScheduleRequest.of("vm-1", 2, 2048, 10, 1, List.of(port)),
        List.of(states.current("compute-0").orElseThrow()), 3).get(0);
    assertThat(placement.host()).isEqualTo("compute-0");
    inventory.claim("compute-0", "vm-1", "vm-1", placement.pciPlan());
    instances.insert(new Instance("vm-1", "vm-1", "demo", "u", VDPA, "img", List.of("p1"), List.of(), "compute-0", VmState.ACTIVE,
        null, null, placement.guestCells(), Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, 1));
    assertThat(states.current("compute-0").orElseThrow().usedVcpus()).as("not yet taken in from the database").isZero();
    states.reload();

    HostState state = states.current("compute-0").orElseThrow();
    assertThat(state.up()).isTrue();
    assertThat(state.enabled()).isTrue();
    assertThat(state.usedVcpus()).isEqualTo(2);
    assertThat(state.usedMemoryMb()).isEqualTo(2048);
    assertThat(state.numaCells()).singleElement().satisfies(c -> {
      assertThat(c.usedCpus()).isEqualTo(2);
      assertThat(c.usedMemoryMb()).isEqualTo(2048);
    });
    assertThat(state.pci().totalAvailable()).as("the VF taken and its PF").isEqualTo(3);
    assertThat(FitQuery.of(List.of(port)).fits(state.pci(), null)).isTrue();

    Flavor large = new Flavor("big", "m1.big", 4, 4096, 10, 0, 0, 1.0, true, null, Map.of());
    Migration incoming = migrations.insert(new Migration(0, "m-1", "vm-9", Migration.Type.RESIZE, Migration.Status.MIGRATING,
        "compute-9", "compute-0", VDPA, large, List.of(), List.of(0), "demo", "u", Instant.EPOCH, Instant.EPOCH, 1));
    states.reload();
    assertThat(states.current("compute-0").orElseThrow().usedVcpus()).as("a move to the host counts there until settled").isEqualTo(6);
    migrations.update(incoming.with(Migration.Status.CONFIRMED, Instant.EPOCH));
    states.reload();
    assertThat(states.current("compute-0").orElseThrow().usedVcpus()).isEqualTo(2);

    services.setStatus("compute-0", true, "maintenance");
    assertThatThrownBy(() -> new Scheduler().schedule(ScheduleRequest.of("vm-2", 1, 512, 1, 0, List.of()), List.of(states.current("compute-0").orElseThrow()), 3))
        .isInstanceOf(NoValidHostException.class).hasMessageContaining("no candidate hosts; 1 host down, disabled");
  }

  @EachDatabase
  void aKeptStateIsBuiltAgainWhenTheHostsDevicesOrServersChange(TestDatabase db) {
    Controller controller = Controller.on(db.open());
    ComputeServices services = controller.services();
    HostInventory inventory = controller.inventory();
    HostStates states = controller.states();
    services.register(HostInventoryOnDatabaseTest.reference("compute-0"));
    inventory.report(HostInventoryOnDatabaseTest.reference("compute-0"));
    HostState fresh = states.current("compute-0").orElseThrow();
    assertThat(states.current("compute-0").orElseThrow()).as("nothing changed: the same state").isSameAs(fresh);

    PciRequest port = PortRequests.forPort("r1", "p1", VnicType.VDPA, "physnet4", TrustedMode.NOT_ASKED, null, null).orElseThrow();
    Placement placement = new Scheduler().schedule(ScheduleRequest.of("vm-1", 2, 2048, 10, 0, List.of(port)),
        List.of(states.current("compute-0").orElseThrow()), 1).get(0);
    inventory.claim("compute-0", "vm-1", "vm-1", placement.pciPlan());
    assertThat(states.current("compute-0").orElseThrow().pci().totalAvailable()).isEqualTo(3);
    states.count("vm-1", new Footprint("compute-0", VDPA, List.of()));
    HostState counted = states.current("compute-0").orElseThrow();
    assertThat(counted.usedVcpus()).isEqualTo(2);
    states.count("vm-1", new Footprint("compute-0", VDPA, List.of()));
    assertThat(states.current("compute-0").orElseThrow()).as("counted again as it was (gone ACTIVE): the same state")
        .isSameAs(counted);
    states.count("vm-1", new Footprint("compute-0", VDPA, List.of(0)));
    assertThat(states.current("compute-0").orElseThrow().numaCells().get(0).usedCpus())
        .as("counted again on a NUMA cell: built again").isEqualTo(2);
    inventory.free("compute-0", "vm-1");
    states.uncount("vm-1");
    HostState after = states.current("compute-0").orElseThrow();
    assertThat(after.pci().totalAvailable()).isEqualTo(5);
    assertThat(after.usedVcpus()).isZero();
    states.reload();
    assertThat(states.current("compute-0").orElseThrow()).as("a reload that finds nothing new keeps the state").isSameAs(after);
  }

  @EachDatabase
  void aWindowReusesAHostsStateOnlyUntilWhatItWasBuiltFromChanges(TestDatabase db) {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    Database database = db.open();
    Controller here = Controller.on(database, clock);
    Controller there = Controller.on(database, clock);
    here.services().register(HostInventoryOnDatabaseTest.reference("compute-0"));
    here.inventory().report(HostInventoryOnDatabaseTest.reference("compute-0"));
    HostState built = only(here.states().windows(10));
    assertThat(only(here.states().windows(10))).as("nothing changed: the same state").isSameAs(built);

    PciRequest port = PortRequests.forPort("r1", "p1", VnicType.VDPA, "physnet4", TrustedMode.NOT_ASKED, null, null).orElseThrow();
    Placement placement = new Scheduler().schedule(ScheduleRequest.of("vm-1", 2, 2048, 10, 0, List.of(port)),
        here.states().windows(10), 1).get(0);
    here.inventory().claim("compute-0", "vm-1", "vm-1", placement.pciPlan());
    assertThat(only(here.states().windows(10)).pci().totalAvailable()).as("devices claimed").isEqualTo(3);
    here.states().count("vm-1", new Footprint("compute-0", VDPA, List.of()));
    assertThat(only(here.states().windows(10)).usedVcpus()).as("a server counted").isEqualTo(2);
    here.services().setStatus("compute-0", true, "maintenance");
    assertThat(only(here.states().windows(10)).enabled()).as("disabled here").isFalse();
    there.services().setStatus("compute-0", false, null);
    here.services().refresh();
    assertThat(only(here.states().windows(10)).enabled()).as("enabled at another controller, read back").isTrue();

    clock.advance(Duration.ofSeconds(60));
    assertThat(only(here.states().windows(10)).up()).as("six beats of 10 s missed, not yet more").isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(only(here.states().windows(10)).up()).as("silent too long").isFalse();
    here.services().heartbeat("compute-0");
    assertThat(only(here.states().windows(10)).up()).as("beating again").isTrue();
  }

  @EachDatabase
  void aHostsServiceStampMovesWithItsOwnChangesOnly(TestDatabase db) {
    Database database = db.open();
    Controller here = Controller.on(database);
    Controller there = Controller.on(database);
    here.services().register(HostInventoryOnDatabaseTest.reference("compute-0"));
    ComputeServices.HostStamp stamp = here.services().stamp("compute-0");
    long before = stamp.changes();

    // Other hosts registering, changing status here or elsewhere, and beats: a state of compute-0 stays good.
    here.services().register(HostInventoryOnDatabaseTest.reference("compute-1"));
    here.services().setStatus("compute-1", true, "maintenance");
    there.services().register(HostInventoryOnDatabaseTest.reference("compute-2"));
    here.services().refresh();
    here.services().heartbeat("compute-0");
    assertThat(stamp.changes()).isEqualTo(before);

    here.services().setStatus("compute-0", true, "maintenance");
    long disabled = stamp.changes();
    assertThat(disabled).as("its own status changed here").isGreaterThan(before);
    there.services().refresh();
    there.services().setStatus("compute-0", false, null);
    here.services().refresh();
    assertThat(stamp.changes()).as("its own status changed at another controller, read back").isGreaterThan(disabled);
    long enabled = stamp.changes();
    there.services().register(HostInventoryOnDatabaseTest.reference("compute-0"));
    here.services().refresh();
    assertThat(stamp.changes()).as("registered anew elsewhere: its report is read again").isGreaterThan(enabled);
  }

  private static HostState only(Iterator<List<HostState>> windows) {
    List<HostState> states = new ArrayList<>();
    windows.forEachRemaining(states::addAll);
    assertThat(states).hasSize(1);
    return states.get(0);
  }

  @EachDatabase
  void requestsLookAtTheHostsInWindowsStartingOneWindowApart(TestDatabase db) {
    Controller controller = Controller.on(db.open());
    ComputeServices services = controller.services();
    HostInventory inventory = controller.inventory();
    HostStates states = controller.states();
    for (String host : List.of("compute-0", "compute-1", "compute-2", "compute-3", "compute-4")) {
      services.register(HostInventoryOnDatabaseTest.reference(host));
    }
    assertThat(hosts(states.windows(2))).containsExactly(
        List.of("compute-0", "compute-1"), List.of("compute-2", "compute-3"), List.of("compute-4"));
    assertThat(hosts(states.windows(2))).containsExactly(
        List.of("compute-2", "compute-3"), List.of("compute-4", "compute-0"), List.of("compute-1"));
    assertThat(hosts(states.windows(5))).as("a cloud no larger than a window is one window")
        .containsExactly(List.of("compute-0", "compute-1", "compute-2", "compute-3", "compute-4"));

    services.setStatus("compute-3", true, "maintenance");
    PciRequest port = PortRequests.forPort("r1", "p1", VnicType.VDPA, "physnet4", TrustedMode.NOT_ASKED, null, null).orElseThrow();
    inventory.report(HostInventoryOnDatabaseTest.reference("compute-3"));
    assertThatThrownBy(() -> new Scheduler().schedule(ScheduleRequest.of("vm-1", 2, 2048, 10, 0, List.of(port)),
        states.windows(2), 1))
        .as("no window fits: every host was looked at, and the refusal counts them all")
        .isInstanceOf(NoValidHostException.class)
        .hasMessageContaining("of 4 candidate hosts, PciPassthroughFilter removed 4 hosts; 1 host down, disabled");
  }

  private static List<List<String>> hosts(Iterator<List<HostState>> windows) {
    List<List<String>> hosts = new ArrayList<>();
    windows.forEachRemaining(w -> hosts.add(w.stream().map(HostState::host).toList()));
    return hosts;
  }

  @EachDatabase
  void aHostThatRegisteredAtAnotherControllerIsScheduledWithItsDevices(TestDatabase db) {
    Database database = db.open();
    Controller there = Controller.on(database);
    Controller here = Controller.on(database);
    there.services().register(HostInventoryOnDatabaseTest.reference("compute-0"));
    there.inventory().report(HostInventoryOnDatabaseTest.reference("compute-0"));
    here.services().refresh();

    assertThat(here.states().current("compute-0")).hasValueSatisfying(s -> assertThat(s.pci().totalAvailable()).isEqualTo(5));
  }

  /** What one controller keeps of the hosts, on a database it may share with others. */
  @EachDatabase
  void placementsGoOnWhileAReloadReadsAndWhatTheyCountedStays(TestDatabase db) throws Exception {
    Database database = db.open();
    ComputeServices services = new ComputeServices(new JdbcComputeServiceStore(database), Clock.systemUTC());
    HostInventory inventory = new HostInventory(new JdbcPciDeviceStore(database), new JdbcUnitOfWork(database));
    HeldListing listing = new HeldListing(new JdbcInstanceStore(database));
    HostStates states = new HostStates(services, inventory, listing, new JdbcMigrationStore(database));
    services.register(HostInventoryOnDatabaseTest.reference("compute-0"));
    inventory.report(HostInventoryOnDatabaseTest.reference("compute-0"));
    Instance old = active("vm-old", VDPA);
    listing.insert(old);
    states.reload();
    assertThat(states.current("compute-0").orElseThrow().usedVcpus()).isEqualTo(2);

    Flavor large = new Flavor("big", "m1.big", 4, 4096, 10, 0, 0, 1.0, true, null, Map.of());
    listing.armed = true;
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> reload = threads.submit(states::reload);
      assertThat(listing.read.await(5, TimeUnit.SECONDS)).isTrue();
      // While the reload holds what it read, this controller deletes one server and places
      // another: each committed, then counted.
      Instance deleting = old.begin(TaskState.DELETING, Instant.EPOCH);
      listing.update(deleting);
      listing.update(deleting.deleted(Instant.EPOCH));
      listing.insert(active("vm-new", large));
      Future<?> counted = threads.submit(() -> {
        states.removed("vm-old");
        states.count("vm-new", new Footprint("compute-0", large, List.of()));
      });
      counted.get(2, TimeUnit.SECONDS);
      listing.letGo.countDown();
      reload.get(10, TimeUnit.SECONDS);
    } finally {
      listing.letGo.countDown();
      threads.shutdownNow();
    }

    assertThat(states.current("compute-0").orElseThrow().usedVcpus()).as("the new server only").isEqualTo(4);
    listing.armed = false;
    states.reload();
    assertThat(states.current("compute-0").orElseThrow().usedVcpus()).isEqualTo(4);
  }

  private static Instance active(String uuid, Flavor flavor) {
    return new Instance(uuid, uuid, "demo", "u", flavor, "img", List.of(), List.of(), "compute-0", VmState.ACTIVE,
        null, null, List.of(), Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, 1);
  }

  /** A database's instances whose listing, once armed, waits after reading until let go. */
  private static final class HeldListing implements InstanceStore {
    private final JdbcInstanceStore stored;
    volatile boolean armed;
    final CountDownLatch read = new CountDownLatch(1);
    final CountDownLatch letGo = new CountDownLatch(1);

    HeldListing(JdbcInstanceStore stored) {
      this.stored = stored;
    }

    @Override
    public List<Instance> instances(String projectId) {
      List<Instance> found = stored.instances(projectId);
      if (armed) {
        read.countDown();
        try {
          letGo.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return found;
    }

    @Override
    public void insert(Instance instance) {
      stored.insert(instance);
    }

    @Override
    public Optional<Instance> instance(String uuid) {
      return stored.instance(uuid);
    }

    @Override
    public List<Instance> onHost(String host) {
      return stored.onHost(host);
    }

    @Override
    public boolean update(Instance instance) {
      return stored.update(instance);
    }

    @Override
    public List<Instance> existedBetween(java.time.Instant start, java.time.Instant stop, String projectId) {
      return stored.existedBetween(start, stop, projectId);
    }

    @Override
    public boolean rename(String uuid, String name, java.time.Instant now) {
      return stored.rename(uuid, name, now);
    }
  }

  private record Controller(ComputeServices services, HostInventory inventory, HostStates states) {
    static Controller on(Database database) {
      return on(database, Clock.systemUTC());
    }

    static Controller on(Database database, Clock clock) {
      ComputeServices services = new ComputeServices(new JdbcComputeServiceStore(database), clock);
      HostInventory inventory = new HostInventory(new JdbcPciDeviceStore(database), new JdbcUnitOfWork(database));
      return new Controller(services, inventory,
          new HostStates(services, inventory, new JdbcInstanceStore(database), new JdbcMigrationStore(database)));
    }
  }
}

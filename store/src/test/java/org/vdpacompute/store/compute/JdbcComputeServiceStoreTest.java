package org.vdpacompute.store.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.controller.identity.MutableClock;
import org.vdpacompute.controller.model.GroupCommit;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

class JdbcComputeServiceStoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

  static HostReport report(String host, int version) {
    PciAddress pf = PciAddress.parse("0000:06:00.0");
    return new HostReport(host, version, 10, "kvm", "6.9.0", "5.1.0", "5.15.0", 8, 16384, 100,
        List.of(new HostReport.Cell(0, 0, 8, 16384)), true, null,
        List.of(DeviceReport.pf(pf, new VendorProduct("15b3", "101d"), 0, "enp6s0f0"),
            DeviceReport.vdpa(PciAddress.parse("0000:06:00.1"), new VendorProduct("15b3", "101e"), pf, 0,
                new VdpaDevice("vdpa0", "/dev/vhost-vdpa-0"))),
        List.of("{\"vendor_id\": \"15b3\", \"physical_network\": \"physnet4\"}"), null);
  }

  @EachDatabase
  void aHostRegistersOnceAndItsReportIsKeptWhole(TestDatabase db) {
    ComputeServices services = new ComputeServices(new JdbcComputeServiceStore(db.open()), clock);
    ComputeService first = services.register(report("compute-0", 1));
    ComputeService again = services.register(report("compute-0", 3));
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.version()).isEqualTo(3);
    assertThat(services.services()).hasSize(1);
    assertThat(services.report("compute-0")).contains(report("compute-0", 3));
  }

  @EachDatabase
  void aRegistrationAndTheDevicesRecordedWithItCommitTogetherOrNotAtAll(TestDatabase db) {
    Database database = db.open();
    JdbcUnitOfWork units = new JdbcUnitOfWork(database);
    ComputeServices services = new ComputeServices(new JdbcComputeServiceStore(database), clock);
    HostInventory inventory = new HostInventory(new JdbcPciDeviceStore(database), units);
    GroupCommit registrations = new GroupCommit(units, 64);
    HostReport report = report("compute-0", 3);

    assertThatThrownBy(() -> services.register(report, registrations, () -> {
      inventory.report(report);
      throw new IllegalStateException("the unit fails after the devices were written");
    })).hasMessageContaining("after the devices were written");
    assertThat(new JdbcPciDeviceStore(database).load("compute-0").devices()).isEmpty();
    assertThat(new JdbcComputeServiceStore(database).service("compute-0")).isEmpty();
    assertThat(services.known("compute-0")).isEmpty();

    ComputeService registered = services.register(report, registrations, () -> inventory.report(report));
    assertThat(new JdbcComputeServiceStore(database).service("compute-0")).contains(registered);
    assertThat(new JdbcPciDeviceStore(database).load("compute-0").devices()).hasSize(2);
    assertThat(inventory.devices("compute-0")).hasSize(2);
  }

  @EachDatabase
  void hostsRegisteringTogetherAreAllRecordedAndOneThatFailsTakesNoOtherWithIt(TestDatabase db) throws Exception {
    Database database = db.open();
    JdbcUnitOfWork units = new JdbcUnitOfWork(database);
    ComputeServices services = new ComputeServices(new JdbcComputeServiceStore(database), clock);
    HostInventory inventory = new HostInventory(new JdbcPciDeviceStore(database), units);
    GroupCommit registrations = new GroupCommit(units, 64);
    int hosts = 24;
    ExecutorService registrars = Executors.newFixedThreadPool(hosts);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ComputeService>> registered = new ArrayList<>();
      for (int i = 0; i < hosts; i++) {
        HostReport report = report("compute-" + i, 3);
        boolean fails = i == 7;
        registered.add(registrars.submit(() -> {
          start.await();
          return services.register(report, registrations, () -> {
            inventory.report(report);
            if (fails) throw new IllegalStateException("compute-7's unit fails after its devices were written");
          });
        }));
      }
      start.countDown();
      for (Future<ComputeService> f : registered) {
        try {
          f.get();
        } catch (ExecutionException e) {
          // compute-7's, looked at below
        }
      }
      for (int i = 0; i < hosts; i++) {
        String host = "compute-" + i;
        if (i == 7) {
          assertThatThrownBy(registered.get(i)::get).hasRootCauseMessage("compute-7's unit fails after its devices were written");
          assertThat(new JdbcComputeServiceStore(database).service(host)).isEmpty();
          assertThat(new JdbcPciDeviceStore(database).load(host).devices()).isEmpty();
          assertThat(inventory.devices(host)).isEmpty();
          assertThat(services.known(host)).isEmpty();
        } else {
          assertThat(new JdbcComputeServiceStore(database).service(host)).contains(registered.get(i).get());
          assertThat(new JdbcPciDeviceStore(database).load(host).devices()).hasSize(2);
          assertThat(inventory.devices(host)).hasSize(2);
        }
      }
    } finally {
      registrars.shutdownNow();
    }
  }

  @EachDatabase(migrated = false)
  void aReportRecordedBeforeReportsHadATableOfTheirOwnIsKept(TestDatabase db) throws Exception {
    Flyway.configure().dataSource(db.url(), null, null).locations("classpath:db/migration").target("11").load().migrate();
    try (Connection c = DriverManager.getConnection(db.url());
        PreparedStatement insert = c.prepareStatement("INSERT INTO compute_services (id, host, version, disabled, "
            + "forced_down, last_seen_at, created_at, heartbeat_interval, report_json) "
            + "VALUES ('s-0', 'compute-0', 3, FALSE, FALSE, ?, ?, 10, ?)")) {
      insert.setObject(1, OffsetDateTime.parse("2026-11-22T09:00:00Z"));
      insert.setObject(2, OffsetDateTime.parse("2026-11-22T09:00:00Z"));
      insert.setString(3, new ObjectMapper().writeValueAsString(report("compute-0", 3)));
      insert.executeUpdate();
    }
    ComputeServices services = new ComputeServices(new JdbcComputeServiceStore(db.open()), clock);
    assertThat(services.report("compute-0")).contains(report("compute-0", 3));
    services.register(report("compute-0", 4));
    assertThat(new JdbcComputeServiceStore(db.open()).report("compute-0")).contains(report("compute-0", 4));
  }

  @EachDatabase
  void aHostThatMissesSixBeatsIsDownAndForcedDownIsDown(TestDatabase db) {
    ComputeServices services = new ComputeServices(new JdbcComputeServiceStore(db.open()), clock);
    services.register(report("compute-0", 3));
    clock.advance(Duration.ofSeconds(55));
    services.heartbeat("compute-0");
    clock.advance(Duration.ofSeconds(60));
    assertThat(services.isUp(services.service("compute-0"))).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(services.isUp(services.service("compute-0"))).isFalse();
    services.heartbeat("compute-0");
    assertThat(services.isUp(services.service("compute-0"))).isTrue();
    services.forceDown("compute-0", true);
    assertThat(services.isUp(services.service("compute-0"))).isFalse();
    assertThatThrownBy(() -> services.heartbeat("compute-9")).isInstanceOf(NotFoundException.class);
  }

  @EachDatabase
  void disablingKeepsTheReasonAndEnablingClearsIt(TestDatabase db) {
    ComputeServices services = new ComputeServices(new JdbcComputeServiceStore(db.open()), clock);
    services.register(report("compute-0", 3));
    services.register(report("compute-1", 1));
    services.setStatus("compute-1", true, "maintenance");
    assertThat(services.service("compute-1").disabledReason()).isEqualTo("maintenance");
    assertThat(services.oldest()).hasValueSatisfying(s -> assertThat(s.host()).isEqualTo("compute-1"));
    services.setStatus("compute-1", false, "ignored");
    assertThat(services.service("compute-1").disabled()).isFalse();
    assertThat(services.service("compute-1").disabledReason()).isNull();
  }

  @EachDatabase
  void heartbeatsAreWrittenTogetherAndAnotherControllerSeesWhatChangedAfterItsRefresh(TestDatabase db) {
    Database database = db.open();
    ComputeServices here = new ComputeServices(new JdbcComputeServiceStore(database), clock);
    here.register(report("compute-0", 3));
    ComputeServices there = new ComputeServices(new JdbcComputeServiceStore(database), clock);
    assertThat(there.hosts()).containsExactly("compute-0");
    Instant registered = there.service("compute-0").lastSeenAt();

    clock.advance(Duration.ofSeconds(50));
    here.heartbeat("compute-0");
    assertThat(here.service("compute-0").lastSeenAt()).as("taken in at once").isAfter(registered);
    there.refresh();
    assertThat(there.service("compute-0").lastSeenAt()).as("not written yet").isEqualTo(registered);
    here.writeHeartbeats();
    there.refresh();
    assertThat(there.service("compute-0").lastSeenAt()).isEqualTo(here.service("compute-0").lastSeenAt());

    assertThat(there.oldest()).hasValueSatisfying(s -> assertThat(s.host()).isEqualTo("compute-0"));
    here.register(report("compute-1", 1));
    there.heartbeat("compute-1");
    assertThat(there.hosts()).as("a host registered elsewhere may beat here before a refresh")
        .containsExactly("compute-0", "compute-1");
    assertThat(there.oldest()).as("counted from its first beat").hasValueSatisfying(s -> assertThat(s.host()).isEqualTo("compute-1"));
    assertThat(there.report("compute-0")).contains(report("compute-0", 3));
    here.setStatus("compute-0", true, "maintenance");
    here.register(report("compute-0", 4));
    assertThat(there.report("compute-0")).as("kept until a refresh").contains(report("compute-0", 3));
    there.refresh();
    assertThat(there.service("compute-0").disabled()).isTrue();
    assertThat(there.report("compute-0")).as("registered again: its report is read again").contains(report("compute-0", 4));
    assertThat(there.oldest()).hasValueSatisfying(s -> assertThat(s.host()).isEqualTo("compute-1"));
  }

  @EachDatabase
  void aRefreshKeepsTheServicesThatDidNotChangeAsTheyWere(TestDatabase db) {
    Database database = db.open();
    ComputeServices here = new ComputeServices(new JdbcComputeServiceStore(database), clock);
    here.register(report("compute-0", 3));
    here.register(report("compute-1", 3));
    ComputeServices there = new ComputeServices(new JdbcComputeServiceStore(database), clock);
    ComputeService unchanged = there.service("compute-0");
    ComputeService disabledElsewhere = there.service("compute-1");

    here.setStatus("compute-1", true, "maintenance");
    there.refresh();

    // The same objects, not equal copies: a controller of 100,000 hosts reads every service back
    // every few seconds, and replacing them all each time filled the old generation.
    assertThat(there.service("compute-0")).isSameAs(unchanged);
    assertThat(there.service("compute-1")).isNotEqualTo(disabledElsewhere);
    assertThat(there.service("compute-1").disabled()).isTrue();
  }
}

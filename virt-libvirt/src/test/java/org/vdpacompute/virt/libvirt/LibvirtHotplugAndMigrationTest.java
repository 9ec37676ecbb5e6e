package org.vdpacompute.virt.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vdpacompute.virt.GuestDeviceConflictException;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.GuestStateException;
import org.vdpacompute.virt.HypervisorOperationException;
import org.vdpacompute.virt.MigrationTarget;

/**
 * Hot-plug and live migration against libvirt's test driver. libvirt 9.0's test driver implements
 * neither {@code virDomainAttachDeviceFlags}/{@code virDomainDetachDeviceFlags} nor peer-to-peer
 * migration, so these tests pin what can be pinned: the state checks, and that libvirt's refusal
 * arrives as an exception naming host, guest, operation and reason, leaving the guest as it was.
 * What the calls do is pinned on a recording stand-in ({@link HotplugAndMigrationCallsTest}).
 */
class LibvirtHotplugAndMigrationTest {

  private static final String VDPA_INTERFACE =
      "<interface type='vdpa'><mac address='fa:16:3e:aa:bb:cc'/><source dev='/dev/vhost-vdpa-1'/></interface>";

  private static LibvirtDriver driver;
  private UUID instance;

  @BeforeAll
  static void open() {
    driver = LibvirtDriver.open(TestGuests.TEST_URI);
  }

  @AfterAll
  static void close() {
    driver.close();
  }

  @BeforeEach
  void spawn() {
    instance = UUID.randomUUID();
    driver.driver().guests().defineAndStart(instance, TestGuests.minimalDomain(instance));
  }

  @AfterEach
  void destroy() {
    driver.driver().guests().destroy(instance);
  }

  @Test
  void attachRefusedByTheTestDriverNamesHostGuestOperationAndLibvirtsReason() {
    assertThatThrownBy(() -> driver.driver().hotplug().attachDevice(instance, VDPA_INTERFACE))
        .isInstanceOfSatisfying(HypervisorOperationException.class, e -> {
          assertThat(e).isNotInstanceOf(GuestStateException.class);
          assertThat(e.operation()).isEqualTo(GuestOperation.ATTACH);
          assertThat(e.instance()).isEqualTo(instance);
          assertThat(e.host()).isEqualTo(driver.driver().facts().hostname());
          assertThat(e.getMessage()).contains("virDomainAttachDeviceFlags");
        });
    assertThat(driver.driver().guests().domainXml(instance)).doesNotContain("vhost-vdpa-1");
  }

  /**
   * The test driver gives live devices no alias, which libvirt's device-removed event names; with
   * nothing to wait for, the driver refuses rather than detach blind.
   */
  @Test
  void detachOfADeviceWithoutAliasIsRefusedBeforeLibvirtIsAsked() {
    UUID withVdpa = UUID.randomUUID();
    driver.driver().guests().defineAndStart(withVdpa, TestGuests.minimalDomain(withVdpa)
        .replace("<devices/>", "<devices>" + VDPA_INTERFACE + "</devices>"));
    try {
      assertDetachRefused(withVdpa);
    } finally {
      driver.driver().guests().destroy(withVdpa);
    }
  }

  @Test
  void detachOfADeviceTheGuestDoesNotHaveIsAConflict() {
    assertThatThrownBy(() -> driver.driver().hotplug().detachDevice(instance, VDPA_INTERFACE))
        .isInstanceOf(GuestDeviceConflictException.class)
        .hasMessageEndingWith("the guest has no interface with MAC fa:16:3e:aa:bb:cc");

    assertThat(driver.driver().guests().domainXml(instance)).doesNotContain("vhost-vdpa-1");
  }

  @Test
  void attachOfADeviceTheGuestHasIsAConflictBeforeLibvirtIsAsked() {
    UUID withVdpa = UUID.randomUUID();
    driver.driver().guests().defineAndStart(withVdpa, TestGuests.minimalDomain(withVdpa)
        .replace("<devices/>", "<devices>" + VDPA_INTERFACE + "</devices>"));
    try {
      assertThatThrownBy(() -> driver.driver().hotplug().attachDevice(withVdpa, VDPA_INTERFACE.replace("aa:bb:cc", "AA:BB:CC")))
          .isInstanceOfSatisfying(GuestDeviceConflictException.class,
              e -> assertThat(e.getMessage()).doesNotContain("virDomainAttachDeviceFlags"));
    } finally {
      driver.driver().guests().destroy(withVdpa);
    }
  }

  private static void assertDetachRefused(UUID instance) {
    assertThatThrownBy(() -> driver.driver().hotplug().detachDevice(instance, VDPA_INTERFACE))
        .isInstanceOfSatisfying(DeviceDetachException.class, e -> {
          assertThat(e.operation()).isEqualTo(GuestOperation.DETACH);
          assertThat(e.getMessage()).endsWith("libvirt at test:///default gave the device no alias in the live domain,"
              + " so its removal cannot be awaited");
        });
    assertThat(driver.driver().guests().domainXml(instance)).contains("vhost-vdpa-1");
  }

  @Test
  void attachToAShutOffGuestIsRefusedBeforeLibvirtIsAsked() {
    driver.driver().guests().stop(instance);

    assertThatThrownBy(() -> driver.driver().hotplug().attachDevice(instance, VDPA_INTERFACE))
        .isInstanceOfSatisfying(GuestStateException.class, e -> {
          assertThat(e.operation()).isEqualTo(GuestOperation.ATTACH);
          assertThat(e.found()).isEqualTo(GuestState.SHUTOFF);
        });
  }

  @Test
  void liveMigrationRefusedByTheTestDriverNamesTheDestinationAndLeavesTheGuestRunningHere() {
    assertThatThrownBy(() -> driver.driver().migration().liveMigrate(instance, MigrationTarget.host("compute-1")))
        .isInstanceOfSatisfying(HypervisorOperationException.class, e -> {
          assertThat(e.operation()).isEqualTo(GuestOperation.LIVE_MIGRATE);
          assertThat(e.instance()).isEqualTo(instance);
          assertThat(e.getMessage())
              .startsWith("live migration of guest " + instance + " on host " + driver.driver().facts().hostname() + " failed: ")
              .contains("migrating to compute-1 at test+tcp://compute-1/default")
              .contains("migration is not supported");
        });
    assertThat(driver.driver().guests().guest(instance).state()).isEqualTo(GuestState.RUNNING);
  }

  @Test
  void liveMigrationOfAShutOffGuestIsRefusedBeforeLibvirtIsAsked() {
    driver.driver().guests().stop(instance);

    assertThatThrownBy(() -> driver.driver().migration().liveMigrate(instance, MigrationTarget.host("compute-1")))
        .isInstanceOfSatisfying(GuestStateException.class,
            e -> assertThat(e.operation()).isEqualTo(GuestOperation.LIVE_MIGRATE));
  }
}

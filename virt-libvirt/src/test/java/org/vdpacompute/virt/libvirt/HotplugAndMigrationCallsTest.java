package org.vdpacompute.virt.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.virt.GuestDeviceConflictException;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.MigrationTarget;
import org.vdpacompute.virt.libvirt.RecordingDomainCalls.Call;
import org.vdpacompute.virt.libvirt.RecordingDomainCalls.Guest;

/**
 * Hot-plug and live migration as the driver does them, on guests libvirt's test driver runs, with
 * the calls the test driver lacks made on a stand-in that records them exactly; the XML they carry
 * is checked against libvirt's schema.
 */
class HotplugAndMigrationCallsTest {
  private static final String VDPA = "<interface type=\"vdpa\"><mac address=\"fa:16:3e:aa:bb:cc\"/>"
      + "<source dev=\"/dev/vhost-vdpa-1\"/><model type=\"virtio\"/></interface>";
  private static final Duration DETACH_TIMEOUT = Duration.ofMillis(400);

  private static LibvirtConnection conn;
  private RecordingDomainCalls calls;
  private LibvirtDriver driver;
  private UUID instance;

  @BeforeAll
  static void open() {
    conn = LibvirtConnection.open(TestGuests.TEST_URI);
  }

  @AfterAll
  static void close() {
    conn.close();
  }

  @BeforeEach
  void spawn() {
    calls = new RecordingDomainCalls(conn);
    driver = new LibvirtDriver(conn, Duration.ofSeconds(5), calls, DETACH_TIMEOUT);
    instance = UUID.randomUUID();
    driver.driver().guests().defineAndStart(instance, TestGuests.minimalDomain(instance));
  }

  @AfterEach
  void destroy() {
    driver.driver().guests().destroy(instance);
  }

  @Test
  void attachCallsLibvirtWithTheDeviceForTheLiveAndPersistentGuest() throws Exception {
    driver.driver().hotplug().attachDevice(instance, VDPA);

    assertThat(calls.calls()).containsExactly(new Call("virDomainAttachDeviceFlags", instance, VDPA, 3, null));
    String live = calls.xmlDesc(conn.connect().domainLookupByUUID(instance));
    assertThat(live).contains("<source dev=\"/dev/vhost-vdpa-1\"/>", "<alias name=\"net0\"/>");
    DomainSchema.assertValidDomain(live);
  }

  @Test
  void detachReturnsOnlyOnceLibvirtReportsTheDeviceRemoved() throws Exception {
    driver.driver().hotplug().attachDevice(instance, VDPA);

    driver.driver().hotplug().detachDevice(instance, VDPA);

    assertThat(calls.calls()).extracting(Call::function)
        .containsExactly("virDomainAttachDeviceFlags", "virDomainDetachDeviceFlags");
    assertThat(calls.calls().get(1)).isEqualTo(new Call("virDomainDetachDeviceFlags", instance, VDPA, 3, null));
    assertThat(calls.xmlDesc(conn.connect().domainLookupByUUID(instance))).doesNotContain("vhost-vdpa-1");
  }

  @Test
  void aDeviceNamedAfterItsPortIsAwaitedByThatName() throws Exception {
    String named = VDPA.replace("</interface>", "<alias name=\"ua-3f1c2b4a-9d7e-4c1a-8b2f-1e2d3c4b5a69\"/></interface>");
    driver.driver().hotplug().attachDevice(instance, named);
    assertThat(calls.xmlDesc(conn.connect().domainLookupByUUID(instance)))
        .contains("<alias name=\"ua-3f1c2b4a-9d7e-4c1a-8b2f-1e2d3c4b5a69\"/>").doesNotContain("net0");

    driver.driver().hotplug().detachDevice(instance, named);

    assertThat(calls.xmlDesc(conn.connect().domainLookupByUUID(instance))).doesNotContain("vhost-vdpa-1");
  }

  @Test
  void aGuestThatNeverReleasesTheDeviceFailsTheDetachAfterTheTimeoutAndKeepsIt() throws Exception {
    driver.driver().hotplug().attachDevice(instance, VDPA);
    calls.guest(Guest.IGNORES);

    assertThatThrownBy(() -> driver.driver().hotplug().detachDevice(instance, VDPA))
        .isInstanceOfSatisfying(DeviceDetachException.class, e -> {
          assertThat(e.operation()).isEqualTo(GuestOperation.DETACH);
          assertThat(e.instance()).isEqualTo(instance);
        })
        .hasMessage("detach device of guest " + instance + " on host " + driver.driver().facts().hostname() + " failed:"
            + " the guest did not release device net0 within 400 ms: libvirt at test:///default sent no"
            + " device-removed event; the device is still the guest's");
    assertThat(calls.xmlDesc(conn.connect().domainLookupByUUID(instance))).contains("vhost-vdpa-1");
  }

  @Test
  void aRemovalLibvirtReportsFailedFailsTheDetach() {
    driver.driver().hotplug().attachDevice(instance, VDPA);
    calls.guest(Guest.REFUSES);

    assertThatThrownBy(() -> driver.driver().hotplug().detachDevice(instance, VDPA))
        .isInstanceOf(DeviceDetachException.class)
        .hasMessageEndingWith("reported that the removal of device net0 failed; the device is still the guest's");
  }

  @Test
  void detachingADeviceTheGuestDoesNotHaveIsAConflictThatAsksLibvirtNothing() {
    assertThatThrownBy(() -> driver.driver().hotplug().detachDevice(instance, VDPA))
        .isInstanceOfSatisfying(GuestDeviceConflictException.class, e -> {
          assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT);
          assertThat(e.operation()).isEqualTo(GuestOperation.DETACH);
        })
        .hasMessageEndingWith("the guest has no interface with MAC fa:16:3e:aa:bb:cc");

    assertThat(calls.calls()).isEmpty();
  }

  @Test
  void attachingADeviceTheGuestHasIsAConflictThatAsksLibvirtNothingMore() {
    driver.driver().hotplug().attachDevice(instance, VDPA);

    assertThatThrownBy(() -> driver.driver().hotplug().attachDevice(instance, VDPA))
        .isInstanceOfSatisfying(GuestDeviceConflictException.class,
            e -> assertThat(e.operation()).isEqualTo(GuestOperation.ATTACH))
        .hasMessageEndingWith("the guest already has this device: interface with MAC fa:16:3e:aa:bb:cc");

    assertThat(calls.calls()).extracting(Call::function).containsExactly("virDomainAttachDeviceFlags");
  }

  @Test
  void aHostdevIsMatchedByItsPciAddressWhateverBaseItIsWrittenIn() {
    String hostdev = "<hostdev mode=\"subsystem\" type=\"pci\" managed=\"yes\"><source>"
        + "<address domain=\"0x0000\" bus=\"0x81\" slot=\"0x00\" function=\"0x2\"/></source></hostdev>";
    driver.driver().hotplug().attachDevice(instance, hostdev);

    assertThatThrownBy(() -> driver.driver().hotplug().attachDevice(instance,
        hostdev.replace("0x81", "129").replace("0x0000", "0")))
        .isInstanceOf(GuestDeviceConflictException.class)
        .hasMessageEndingWith("the guest already has this device: hostdev 0000:81:00.2");
  }

  @Test
  void liveMigrationUnplugsWaitsForTheRemovalThenMigratesPeerToPeerWithTheDestinationsXml() {
    driver.driver().hotplug().attachDevice(instance, VDPA);
    String destinationXml = TestGuests.minimalDomain(instance);

    driver.driver().hotplug().detachDevice(instance, VDPA);
    driver.driver().migration().liveMigrate(instance, new MigrationTarget("compute-1", null, destinationXml));

    assertThat(calls.calls()).extracting(Call::function).containsExactly(
        "virDomainAttachDeviceFlags", "virDomainDetachDeviceFlags", "virDomainMigrateToURI2");
    long flags = LibvirtMigration.LIVE | LibvirtMigration.PEER2PEER | LibvirtMigration.PERSIST_DEST
        | LibvirtMigration.UNDEFINE_SOURCE;
    assertThat(calls.calls().get(2))
        .isEqualTo(new Call("virDomainMigrateToURI2", instance, destinationXml, flags, "test+tcp://compute-1/default"));
    DomainSchema.assertValidDomain(destinationXml);
  }
}

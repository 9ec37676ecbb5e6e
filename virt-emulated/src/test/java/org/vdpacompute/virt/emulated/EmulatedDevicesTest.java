package org.vdpacompute.virt.emulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.virt.emulated.TestHosts.VDPA0;
import static org.vdpacompute.virt.emulated.TestHosts.VDPA1;
import static org.vdpacompute.virt.emulated.TestHosts.vdpa;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.HypervisorOperationException;
import org.vdpacompute.virt.guest.GuestDevice;

/** The emulated host refuses devices a real host could not open, so tracker mistakes show. */
class EmulatedDevicesTest {
  private static final UUID A = UUID.fromString("aaaaaaaa-0000-0000-0000-000000000001");
  private static final UUID B = UUID.fromString("bbbbbbbb-0000-0000-0000-000000000002");

  @TempDir Path state;
  private EmulatedHypervisor host;

  @BeforeEach
  void host() {
    host = TestHosts.reference("compute-0", state);
  }

  @Test
  void vdpaGuestSpawnsOnAHostThatSupportsVdpa() {
    host.driver().guests().defineAndStart(A, TestHosts.guestXml(A, "a", vdpa("fa:16:3e:00:00:01", VDPA0)));
    assertThat(host.driver().guests().domainXml(A)).contains("/dev/vhost-vdpa-0").contains("<locked/>");
  }

  @Test
  void vdpaGuestIsRefusedOnAHostTooOldForVdpaSayingWhy() {
    EmulatedHypervisor old = new EmulatedHypervisor("old", TestHosts.withVersions("6.8.0", "5.1.0", "5.15.0"), state);
    assertThatThrownBy(() -> old.driver().guests().defineAndStart(A, TestHosts.guestXml(A, "a", vdpa("fa:16:3e:00:00:01", VDPA0))))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessageContaining("vDPA device /dev/vhost-vdpa-0 cannot be used: libvirt 6.8.0 is older than 6.9.0");
  }

  @Test
  void chardevThatDoesNotExistIsRefused() {
    VdpaDevice ghost = new VdpaDevice("vdpa9", "/dev/vhost-vdpa-9");
    assertThatThrownBy(() -> host.driver().guests().defineAndStart(A, TestHosts.guestXml(A, "a", vdpa("fa:16:3e:00:00:01", ghost))))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessageContaining("no vDPA device has chardev /dev/vhost-vdpa-9 on this host");
  }

  @Test
  void vdpaDeviceServesOneActiveGuestOnly() {
    host.driver().guests().defineAndStart(A, TestHosts.guestXml(A, "a", vdpa("fa:16:3e:00:00:01", VDPA0)));
    assertThatThrownBy(() -> host.driver().guests().defineAndStart(B, TestHosts.guestXml(B, "b", vdpa("fa:16:3e:00:00:02", VDPA0))))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessageContaining("/dev/vhost-vdpa-0 (0000:06:00.1) conflicts with /dev/vhost-vdpa-0 (0000:06:00.1)"
            + " in use by guest " + A);
  }

  @Test
  void aDomainFileEditedOnDiskIsWhatTheNextCheckSees() throws Exception {
    host.driver().guests().defineAndStart(A, TestHosts.guestXml(A, "a", vdpa("fa:16:3e:00:00:01", VDPA0)));
    assertThatThrownBy(() -> host.driver().guests().defineAndStart(B, TestHosts.guestXml(B, "b", vdpa("fa:16:3e:00:00:02", VDPA0))))
        .isInstanceOf(HypervisorOperationException.class);
    // An operator moves guest A to the other device by hand, replacing its file as every write does.
    Path file = host.domainFile(A);
    Path edited = file.resolveSibling(".edited");
    Files.writeString(edited, Files.readString(file).replace("/dev/vhost-vdpa-0", "/dev/vhost-vdpa-1"));
    Files.move(edited, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    host.driver().guests().defineAndStart(B, TestHosts.guestXml(B, "b", vdpa("fa:16:3e:00:00:02", VDPA0)));
    UUID c = UUID.fromString("cccccccc-0000-0000-0000-000000000003");
    assertThatThrownBy(() -> host.driver().guests().defineAndStart(c, TestHosts.guestXml(c, "c", vdpa("fa:16:3e:00:00:03", VDPA1))))
        .isInstanceOf(HypervisorOperationException.class).hasMessageContaining("in use by guest " + A);
  }

  @Test
  void pfCannotBeGivenWhileOneOfItsVfsIsInUse() {
    host.driver().guests().defineAndStart(A, TestHosts.guestXml(A, "a", vdpa("fa:16:3e:00:00:01", VDPA0)));
    assertThatThrownBy(() -> host.driver().guests().defineAndStart(B, TestHosts.guestXml(B, "b", new GuestDevice.PciHostdev(TestHosts.PF))))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessageContaining("device 0000:06:00.0 conflicts with");
  }

  @Test
  void vfAddressAndItsVdpaChardevAreTheSameDevice() {
    host.driver().guests().defineAndStart(A, TestHosts.guestXml(A, "a",
        new GuestDevice.SriovInterface(MacAddress.parse("fa:16:3e:00:00:01"), TestHosts.VF1, 100)));
    assertThatThrownBy(() -> host.driver().guests().defineAndStart(B, TestHosts.guestXml(B, "b", vdpa("fa:16:3e:00:00:02", VDPA0))))
        .isInstanceOf(HypervisorOperationException.class).hasMessageContaining("in use by guest " + A);
  }

  @Test
  void stoppedGuestReleasesItsDevicesAndCannotStartWhileAnotherHoldsThem() {
    host.driver().guests().defineAndStart(A, TestHosts.guestXml(A, "a", vdpa("fa:16:3e:00:00:01", VDPA0)));
    host.driver().guests().stop(A);
    host.driver().guests().defineAndStart(B, TestHosts.guestXml(B, "b", vdpa("fa:16:3e:00:00:02", VDPA0)));
    assertThatThrownBy(() -> host.driver().guests().start(A))
        .isInstanceOf(HypervisorOperationException.class).hasMessageContaining("in use by guest " + B);
    assertThat(host.driver().guests().guest(A).state()).isEqualTo(GuestState.SHUTOFF);
  }

  @Test
  void pausedGuestKeepsItsDevices() {
    host.driver().guests().defineAndStart(A, TestHosts.guestXml(A, "a", vdpa("fa:16:3e:00:00:01", VDPA0)));
    host.driver().guests().suspend(A);
    assertThatThrownBy(() -> host.driver().guests().defineAndStart(B, TestHosts.guestXml(B, "b", vdpa("fa:16:3e:00:00:02", VDPA0))))
        .isInstanceOf(HypervisorOperationException.class);
  }

  @Test
  void unknownPciDeviceAndNetdevAreRefused() {
    assertThatThrownBy(() -> host.driver().guests().defineAndStart(A, TestHosts.guestXml(A, "a",
        new GuestDevice.PciHostdev(org.vdpacompute.core.pci.PciAddress.parse("0000:81:00.0")))))
        .isInstanceOf(HypervisorOperationException.class).hasMessageContaining("no PCI device 0000:81:00.0");
    assertThatThrownBy(() -> host.driver().guests().defineAndStart(A, TestHosts.guestXml(A, "a",
        new GuestDevice.MacvtapInterface(MacAddress.parse("fa:16:3e:00:00:01"), "eth9", null))))
        .isInstanceOf(HypervisorOperationException.class).hasMessageContaining("no network interface eth9");
  }

  @Test
  void bridgePortsNeedNoHostDevice() {
    GuestDevice bridge = GuestDevice.BridgeInterface.integration(MacAddress.parse("fa:16:3e:00:00:01"), UUID.randomUUID());
    host.driver().guests().defineAndStart(A, TestHosts.guestXml(A, "a", bridge));
    host.driver().guests().defineAndStart(B, TestHosts.guestXml(B, "b",
        GuestDevice.BridgeInterface.integration(MacAddress.parse("fa:16:3e:00:00:02"), UUID.randomUUID())));
    assertThat(host.driver().guests().listGuests()).hasSize(2);
  }
}

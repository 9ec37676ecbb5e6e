package org.vdpacompute.virt.emulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.virt.emulated.TestHosts.VDPA0;
import static org.vdpacompute.virt.emulated.TestHosts.VDPA1;
import static org.vdpacompute.virt.emulated.TestHosts.vdpa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.virt.GuestStateException;
import org.vdpacompute.virt.HypervisorOperationException;
import org.vdpacompute.virt.guest.GuestDevice;
import org.vdpacompute.virt.guest.Xml;
import org.w3c.dom.Element;

class EmulatedHotplugTest {
  private static final UUID GUEST = UUID.fromString("cccccccc-0000-0000-0000-000000000001");
  private static final UUID OTHER = UUID.fromString("dddddddd-0000-0000-0000-000000000002");

  @TempDir Path state;
  private EmulatedHypervisor host;

  @BeforeEach
  void host() {
    host = TestHosts.reference("compute-0", state);
    host.driver().guests().defineAndStart(GUEST, TestHosts.guestXml(GUEST, "instance-1"));
  }

  private List<Element> fileDevices(String tag) throws IOException {
    String xml = Files.readString(host.domainFile(GUEST));
    return Xml.children(Xml.child(Xml.parse(xml).getDocumentElement(), "devices"), tag);
  }

  @Test
  void attachedVdpaInterfaceAppearsInTheDomainFile() throws IOException {
    host.driver().hotplug().attachDevice(GUEST, TestHosts.deviceXml(vdpa("fa:16:3e:00:00:01", VDPA0)));
    List<Element> interfaces = fileDevices("interface");
    assertThat(interfaces).singleElement().satisfies(i -> {
      assertThat(i.getAttribute("type")).isEqualTo("vdpa");
      assertThat(Xml.child(i, "source").getAttribute("dev")).isEqualTo("/dev/vhost-vdpa-0");
    });
  }

  @Test
  void detachRemovesTheInterfaceWithTheSameMacAndLeavesTheOthers() throws IOException {
    host.driver().hotplug().attachDevice(GUEST, TestHosts.deviceXml(vdpa("fa:16:3e:00:00:01", VDPA0)));
    host.driver().hotplug().attachDevice(GUEST, TestHosts.deviceXml(vdpa("fa:16:3e:00:00:02", VDPA1)));
    host.driver().hotplug().detachDevice(GUEST, "<interface type='vdpa'><mac address='FA:16:3E:00:00:01'/></interface>");
    assertThat(fileDevices("interface"))
        .extracting(i -> Xml.child(i, "mac").getAttribute("address"))
        .containsExactly("fa:16:3e:00:00:02");
  }

  @Test
  void hostdevIsDetachedByItsPciAddress() throws IOException {
    GuestDevice pf = new GuestDevice.PciHostdev(TestHosts.PF);
    host.driver().hotplug().attachDevice(GUEST, TestHosts.deviceXml(pf));
    assertThat(fileDevices("hostdev")).hasSize(1);
    host.driver().hotplug().detachDevice(GUEST, TestHosts.deviceXml(pf));
    assertThat(fileDevices("hostdev")).isEmpty();
  }

  @Test
  void detachingADeviceTheGuestDoesNotHaveIsRefused() {
    assertThatThrownBy(() -> host.driver().hotplug().detachDevice(GUEST, TestHosts.deviceXml(vdpa("fa:16:3e:00:00:09", VDPA0))))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessageContaining("detach device of guest " + GUEST)
        .hasMessageContaining("the guest has no interface with MAC fa:16:3e:00:00:09");
  }

  @Test
  void attachingASecondInterfaceWithTheSameMacIsRefused() {
    host.driver().hotplug().attachDevice(GUEST, TestHosts.deviceXml(vdpa("fa:16:3e:00:00:01", VDPA0)));
    assertThatThrownBy(() -> host.driver().hotplug().attachDevice(GUEST, TestHosts.deviceXml(vdpa("fa:16:3e:00:00:01", VDPA1))))
        .isInstanceOf(HypervisorOperationException.class).hasMessageContaining("already has an interface");
  }

  @Test
  void attachingADeviceAnotherGuestHoldsIsRefused() {
    host.driver().guests().defineAndStart(OTHER, TestHosts.guestXml(OTHER, "instance-2", vdpa("fa:16:3e:00:00:02", VDPA0)));
    assertThatThrownBy(() -> host.driver().hotplug().attachDevice(GUEST, TestHosts.deviceXml(vdpa("fa:16:3e:00:00:01", VDPA0))))
        .isInstanceOf(HypervisorOperationException.class).hasMessageContaining("in use by guest " + OTHER);
  }

  @Test
  void attachingTheSameDeviceTwiceToOneGuestIsRefused() {
    host.driver().hotplug().attachDevice(GUEST, TestHosts.deviceXml(vdpa("fa:16:3e:00:00:01", VDPA0)));
    assertThatThrownBy(() -> host.driver().hotplug().attachDevice(GUEST, TestHosts.deviceXml(vdpa("fa:16:3e:00:00:02", VDPA0))))
        .isInstanceOf(HypervisorOperationException.class).hasMessageContaining("in use by guest " + GUEST);
  }

  @Test
  void hotplugNeedsALiveGuest() {
    host.driver().guests().stop(GUEST);
    assertThatThrownBy(() -> host.driver().hotplug().attachDevice(GUEST, TestHosts.deviceXml(vdpa("fa:16:3e:00:00:01", VDPA0))))
        .isInstanceOf(GuestStateException.class).hasMessageContaining("the guest is shut off");
  }

  @Test
  void onlyInterfacesAndHostdevsCanBeHotplugged() {
    assertThatThrownBy(() -> host.driver().hotplug().attachDevice(GUEST, "<disk type='file'/>"))
        .isInstanceOf(HypervisorOperationException.class)
        .hasMessageContaining("only <interface> and <hostdev> can be hot-plugged");
  }

  @Test
  void documentTypeDeclarationsAreRefused() {
    String xxe = "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
        + "<interface type='vdpa'><mac address='fa:16:3e:00:00:01'/><source dev='&e;'/></interface>";
    assertThatThrownBy(() -> host.driver().hotplug().attachDevice(GUEST, xxe))
        .isInstanceOf(HypervisorOperationException.class).hasMessageContaining("not well-formed XML");
  }
}

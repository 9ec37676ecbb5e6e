package org.vdpacompute.virt.guest;

import org.vdpacompute.core.net.MacAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.virt.guest.GuestSpecs.CIRROS;
import static org.vdpacompute.virt.guest.GuestSpecs.IDENTITY;
import static org.vdpacompute.virt.guest.GuestSpecs.with;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.w3c.dom.Element;

class GuestXmlBuilderTest {
  private static final MacAddress MAC = MacAddress.parse("fa:16:3e:11:22:33");
  private static final PciAddress VF = PciAddress.parse("0000:06:00.3");
  private static final PciAddress PF = PciAddress.parse("0000:06:00.0");
  private final GuestXmlBuilder builder = new GuestXmlBuilder();

  @Test
  void guestWithoutPortsIsAValidKvmDomainWithItsIdentityDiskAndSize() {
    String xml = builder.build(with());
    LibvirtSchema.assertValidDomain(xml);
    Element domain = Xml.parse(xml).getDocumentElement();
    assertThat(domain.getAttribute("type")).isEqualTo("kvm");
    assertThat(Xml.child(domain, "name").getTextContent()).isEqualTo("instance-00000001");
    assertThat(Xml.child(domain, "uuid").getTextContent()).isEqualTo(GuestSpecs.INSTANCE.toString());
    assertThat(Xml.child(domain, "memory").getTextContent()).isEqualTo("512");
    assertThat(Xml.child(domain, "vcpu").getTextContent()).isEqualTo("1");
    assertThat(Xml.child(domain, "memoryBacking")).isNull();
    Element disk = Xml.child(Xml.child(domain, "devices"), "disk");
    assertThat(Xml.child(disk, "source").getAttribute("file")).isEqualTo(CIRROS.diskPath().toString());
    assertThat(xml).contains("name=\"m1.tiny\"").contains("id=\"cirros\"");
  }

  @Test
  void vdpaPortIsAVdpaInterfaceOnTheVhostVdpaChardevWithLockedMemory() {
    String xml = builder.build(with(new GuestDevice.VdpaInterface(MAC, new VdpaDevice("vdpa2", "/dev/vhost-vdpa-2"))));
    LibvirtSchema.assertValidDomain(xml);
    Element iface = onlyDevice(xml, "interface");
    assertThat(iface.getAttribute("type")).isEqualTo("vdpa");
    assertThat(Xml.child(iface, "mac").getAttribute("address")).isEqualTo("fa:16:3e:11:22:33");
    assertThat(Xml.child(iface, "source").getAttribute("dev")).isEqualTo("/dev/vhost-vdpa-2");
    assertThat(Xml.child(iface, "model").getAttribute("type")).isEqualTo("virtio");
    assertMemoryLocked(xml);
  }

  @Test
  void directPortIsAManagedHostdevInterfaceOfTheVfWithTheNetworkVlan() {
    String xml = builder.build(with(new GuestDevice.SriovInterface(MAC, VF, 1000)));
    LibvirtSchema.assertValidDomain(xml);
    Element iface = onlyDevice(xml, "interface");
    assertThat(iface.getAttribute("type")).isEqualTo("hostdev");
    assertThat(iface.getAttribute("managed")).isEqualTo("yes");
    Element address = Xml.child(Xml.child(iface, "source"), "address");
    assertThat(address.getAttribute("type")).isEqualTo("pci");
    assertThat(address.getAttribute("domain")).isEqualTo("0x0000");
    assertThat(address.getAttribute("bus")).isEqualTo("0x06");
    assertThat(address.getAttribute("slot")).isEqualTo("0x00");
    assertThat(address.getAttribute("function")).isEqualTo("0x3");
    assertThat(Xml.child(Xml.child(iface, "vlan"), "tag").getAttribute("id")).isEqualTo("1000");
    assertMemoryLocked(xml);
  }

  @Test
  void directPortOnAFlatNetworkHasNoVlan() {
    String xml = builder.build(with(new GuestDevice.SriovInterface(MAC, VF, null)));
    LibvirtSchema.assertValidDomain(xml);
    assertThat(Xml.child(onlyDevice(xml, "interface"), "vlan")).isNull();
  }

  @Test
  void directPhysicalPortIsAManagedPciHostdevOfThePf() {
    String xml = builder.build(with(new GuestDevice.PciHostdev(PF)));
    LibvirtSchema.assertValidDomain(xml);
    Element hostdev = onlyDevice(xml, "hostdev");
    assertThat(hostdev.getAttribute("mode")).isEqualTo("subsystem");
    assertThat(hostdev.getAttribute("type")).isEqualTo("pci");
    assertThat(hostdev.getAttribute("managed")).isEqualTo("yes");
    assertThat(Xml.child(Xml.child(hostdev, "source"), "address").getAttribute("function")).isEqualTo("0x0");
    assertMemoryLocked(xml);
  }

  @Test
  void macvtapPortIsADirectInterfaceInPassthroughModeOnTheVfNetdev() {
    String xml = builder.build(with(new GuestDevice.MacvtapInterface(MAC, "enp6s0f0v1", 42)));
    LibvirtSchema.assertValidDomain(xml);
    Element iface = onlyDevice(xml, "interface");
    assertThat(iface.getAttribute("type")).isEqualTo("direct");
    Element source = Xml.child(iface, "source");
    assertThat(source.getAttribute("dev")).isEqualTo("enp6s0f0v1");
    assertThat(source.getAttribute("mode")).isEqualTo("passthrough");
    assertThat(Xml.child(iface, "model").getAttribute("type")).isEqualTo("virtio");
    assertThat(xml).doesNotContain("memoryBacking");
  }

  @Test
  void normalPortIsAnOvsBridgeInterfaceOnBrIntNamedAfterThePort() {
    UUID port = UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
    String xml = builder.build(with(GuestDevice.BridgeInterface.integration(MAC, port)));
    LibvirtSchema.assertValidDomain(xml);
    Element iface = onlyDevice(xml, "interface");
    assertThat(iface.getAttribute("type")).isEqualTo("bridge");
    assertThat(Xml.child(iface, "source").getAttribute("bridge")).isEqualTo("br-int");
    Element virtualport = Xml.child(iface, "virtualport");
    assertThat(virtualport.getAttribute("type")).isEqualTo("openvswitch");
    assertThat(Xml.child(virtualport, "parameters").getAttribute("interfaceid")).isEqualTo(port.toString());
    assertThat(Xml.child(iface, "target").getAttribute("dev")).isEqualTo("tap0a1b2c3d-4e");
    assertThat(Xml.child(iface, "model").getAttribute("type")).isEqualTo("virtio");
    assertThat(xml).doesNotContain("memoryBacking");
  }

  @Test
  void flavorAliasDevicesAreOnePciHostdevEach() {
    PciAddress gpu0 = PciAddress.parse("0000:81:00.0");
    PciAddress gpu1 = PciAddress.parse("0000:82:00.0");
    String xml = builder.build(with(new GuestDevice.PciHostdev(gpu0), new GuestDevice.PciHostdev(gpu1)));
    LibvirtSchema.assertValidDomain(xml);
    List<Element> hostdevs = Xml.children(devices(xml), "hostdev");
    assertThat(hostdevs).extracting(h -> Xml.child(Xml.child(h, "source"), "address").getAttribute("bus"))
        .containsExactly("0x81", "0x82");
    assertMemoryLocked(xml);
  }

  @Test
  void guestWithEveryKindOfPortValidates() {
    String xml = builder.build(with(
        new GuestDevice.VdpaInterface(MAC, new VdpaDevice("vdpa0", "/dev/vhost-vdpa-0")),
        new GuestDevice.SriovInterface(MacAddress.parse("fa:16:3e:00:00:02"), VF, 7),
        new GuestDevice.MacvtapInterface(MacAddress.parse("fa:16:3e:00:00:03"), "enp6s0f0v2", null),
        GuestDevice.BridgeInterface.integration(MacAddress.parse("fa:16:3e:00:00:04"), UUID.randomUUID()),
        new GuestDevice.PciHostdev(PciAddress.parse("0000:81:00.0"))));
    LibvirtSchema.assertValidDomain(xml);
    assertThat(Xml.children(devices(xml), "interface")).hasSize(4);
  }

  @Test
  void guestNumaCellsBecomeCpuNumaCellsWithCpuRanges() {
    GuestFlavor flavor = new GuestFlavor("m1.numa", 4, 2048, 1, List.of(
        GuestNumaCell.of(0, Set.of(0, 1), 1024), GuestNumaCell.of(1, Set.of(2, 3), 1024)));
    String xml = builder.build(new GuestSpec(DomainType.KVM, IDENTITY, flavor, CIRROS, List.of()));
    LibvirtSchema.assertValidDomain(xml);
    List<Element> cells = Xml.children(
        Xml.child(Xml.child(Xml.parse(xml).getDocumentElement(), "cpu"), "numa"), "cell");
    assertThat(cells).extracting(c -> c.getAttribute("cpus")).containsExactly("0-1", "2-3");
    assertThat(cells).extracting(c -> c.getAttribute("memory")).containsExactly("1024", "1024");
  }

  @Test
  void testDomainTypeIsForLibvirtsTestDriver() {
    String xml = builder.build(new GuestSpec(DomainType.TEST, IDENTITY, GuestSpecs.TINY, CIRROS, List.of()));
    LibvirtSchema.assertValidDomain(xml);
    assertThat(Xml.parse(xml).getDocumentElement().getAttribute("type")).isEqualTo("test");
  }

  @Test
  void devicesOfPortsAreNamedAfterTheirPortsAndReadBackFromTheDomain() {
    UUID vdpaPort = UUID.fromString("3f1c2b4a-9d7e-4c1a-8b2f-1e2d3c4b5a69");
    UUID directPort = UUID.fromString("4f1c2b4a-9d7e-4c1a-8b2f-1e2d3c4b5a69");
    MacAddress otherMac = MacAddress.parse("fa:16:3e:11:22:34");
    String xml = builder.build(with(
        new GuestDevice.VdpaInterface(MAC, new VdpaDevice("vdpa2", "/dev/vhost-vdpa-2"), vdpaPort),
        new GuestDevice.SriovInterface(otherMac, VF, 1000, directPort),
        new GuestDevice.SriovInterface(MacAddress.parse("fa:16:3e:11:22:35"), PciAddress.parse("0000:06:00.4"), null),
        GuestDevice.BridgeInterface.integration(MacAddress.parse("fa:16:3e:11:22:36"), UUID.randomUUID())));

    LibvirtSchema.assertValidDomain(xml);
    assertThat(xml).contains("<alias name=\"ua-" + vdpaPort + "\"/>", "<alias name=\"ua-" + directPort + "\"/>");
    assertThat(PortDevice.in(xml)).containsExactly(
        new PortDevice(vdpaPort, MAC, null, "/dev/vhost-vdpa-2"),
        new PortDevice(directPort, otherMac, VF, null));
  }

  @Test
  void namesAndPathsFromOutsideAreEscapedNotInjected() {
    GuestIdentity hostile = new GuestIdentity(GuestSpecs.INSTANCE, "a<b>&\"c'");
    GuestImage image = new GuestImage("x\"/><evil/>", CIRROS.diskPath());
    String xml = builder.build(new GuestSpec(DomainType.KVM, hostile, GuestSpecs.TINY, image, List.of()));
    LibvirtSchema.assertValidDomain(xml);
    Element domain = Xml.parse(xml).getDocumentElement();
    assertThat(Xml.child(domain, "name").getTextContent()).isEqualTo("a<b>&\"c'");
    assertThat(xml).doesNotContain("<evil");
  }

  @Test
  void deviceXmlForHotplugIsTheSameElementAsInTheDomain() {
    GuestDevice vdpa = new GuestDevice.VdpaInterface(MAC, new VdpaDevice("vdpa1", "/dev/vhost-vdpa-1"));
    String device = builder.device(vdpa);
    Element iface = Xml.parse(device).getDocumentElement();
    assertThat(iface.getTagName()).isEqualTo("interface");
    assertThat(Xml.child(iface, "source").getAttribute("dev")).isEqualTo("/dev/vhost-vdpa-1");
    assertThat(Xml.write(iface)).isEqualTo(Xml.write(onlyDevice(builder.build(with(vdpa)), "interface")));
  }

  @Test
  void schemaCheckItselfRejectsADomainLibvirtWouldRefuse() {
    String xml = builder.build(with()).replace("type=\"kvm\"", "type=\"nonsense\"");
    assertThat(LibvirtSchema.validate(xml, "domain").exitCode()).isNotZero();
  }

  @Test
  void flavorNumaCellsMustShareOutExactlyItsCpusAndMemory() {
    assertThatThrownBy(() -> new GuestFlavor("f", 4, 2048, 1,
        List.of(GuestNumaCell.of(0, Set.of(0, 1), 1024), GuestNumaCell.of(1, Set.of(2), 1024))))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("3 of its 4 vCPUs");
    assertThatThrownBy(() -> new GuestFlavor("f", 2, 2048, 1,
        List.of(GuestNumaCell.of(0, Set.of(0), 1024), GuestNumaCell.of(1, Set.of(1), 512))))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("1536 MB of its 2048 MB");
    assertThatThrownBy(() -> new GuestFlavor("f", 2, 2048, 1,
        List.of(GuestNumaCell.of(0, Set.of(0, 1), 1024), GuestNumaCell.of(1, Set.of(1), 1024))))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("vCPU 1 is in two NUMA cells");
  }

  @Test
  void vlanOutsideTheValidRangeIsRefused() {
    assertThatThrownBy(() -> new GuestDevice.SriovInterface(MAC, VF, 4095))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("4095");
  }

  private static void assertMemoryLocked(String xml) {
    Element backing = Xml.child(Xml.parse(xml).getDocumentElement(), "memoryBacking");
    assertThat(backing).as("memoryBacking").isNotNull();
    assertThat(Xml.child(backing, "locked")).as("locked").isNotNull();
  }

  private static Element devices(String xml) {
    return Xml.child(Xml.parse(xml).getDocumentElement(), "devices");
  }

  private static Element onlyDevice(String xml, String tag) {
    List<Element> found = Xml.children(devices(xml), tag);
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}

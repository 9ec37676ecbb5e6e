package org.vdpacompute.virt.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.virt.HypervisorInfo;
import org.vdpacompute.virt.HypervisorVersion;
import org.vdpacompute.virt.VdpaSupport;

class NodeDeviceParserTest {

  private static final VdpaSupport CAPABLE = VdpaSupport.decide(hypervisor("6.9.0", "5.1.0", "5.15.0"));

  private static HypervisorInfo hypervisor(String libvirt, String qemu, String kernel) {
    return new HypervisorInfo("kvm", HypervisorVersion.parse(libvirt), HypervisorVersion.parse(qemu),
        HypervisorVersion.parse(kernel));
  }

  @Test
  void referenceHostIsOnePfWithItsInterfaceAndFourVdpaDevices() {
    List<DeviceReport> reports = NodeDeviceParser.reports(ReferenceHost.xml(), CAPABLE);

    assertThat(reports).containsExactlyElementsOf(ReferenceHost.vdpaReport());
    assertThat(reports).filteredOn(r -> r.type() == DevType.VDPA)
        .extracting(DeviceReport::vdpa)
        .containsExactly(
            new VdpaDevice("vdpa0", "/dev/vhost-vdpa-0"), new VdpaDevice("vdpa1", "/dev/vhost-vdpa-1"),
            new VdpaDevice("vdpa2", "/dev/vhost-vdpa-2"), new VdpaDevice("vdpa3", "/dev/vhost-vdpa-3"));
  }

  @ParameterizedTest(name = "libvirt {0}, QEMU {1}, kernel {2}")
  @CsvSource({"6.8.0, 5.1.0, 5.15.0", "6.9.0, 5.0.0, 5.15.0", "6.9.0, 5.1.0, 5.6.0"})
  void hostTooOldForVdpaReportsTheSameVfsAsPlainVfs(String libvirt, String qemu, String kernel) {
    VdpaSupport tooOld = VdpaSupport.decide(hypervisor(libvirt, qemu, kernel));

    assertThat(NodeDeviceParser.reports(ReferenceHost.xml(), tooOld))
        .containsExactlyElementsOf(ReferenceHost.plainVfReport(ReferenceHost.DRIVER));
  }

  @Test
  void vfWithoutVdpaChildIsPlainVf() {
    List<String> xml = new ArrayList<>(ReferenceHost.xml());
    xml.removeIf(x -> x.contains("<name>vdpa_vdpa2</name>"));

    List<DeviceReport> reports = NodeDeviceParser.reports(xml, CAPABLE);

    assertThat(reports).extracting(DeviceReport::type)
        .containsExactly(DevType.PF, DevType.VDPA, DevType.VDPA, DevType.VF, DevType.VDPA);
    assertThat(reports.get(3)).isEqualTo(ReferenceHost.vf(3, ReferenceHost.DRIVER));
  }

  @Test
  void reportIsOrderedByAddressWhateverTheOrderOfNodeDevices() {
    List<String> xml = new ArrayList<>(ReferenceHost.xml());
    Collections.shuffle(xml, new Random(7));

    assertThat(NodeDeviceParser.reports(xml, CAPABLE)).containsExactlyElementsOf(ReferenceHost.vdpaReport());
  }

  @Test
  void pciFunctionWithoutSriovCapabilitiesIsPlainPciDeviceWithoutNumaNode() {
    String gpu = """
        <device>
          <name>pci_0000_81_00_0</name>
          <parent>pci_0000_80_01_0</parent>
          <driver><name>vfio-pci</name></driver>
          <capability type='pci'>
            <domain>0</domain><bus>129</bus><slot>0</slot><function>0</function>
            <product id='20b5'>GA100 [A100 PCIe 80GB]</product>
            <vendor id='10DE'>NVIDIA Corporation</vendor>
          </capability>
        </device>""";

    assertThat(NodeDeviceParser.reports(List.of(gpu), CAPABLE)).containsExactly(new DeviceReport(
        PciAddress.parse("0000:81:00.0"), new VendorProduct("10de", "20b5"), DevType.PCI, null, null,
        "vfio-pci", null, null, null));
  }

  @Test
  void theCardSerialOfThePfsVpdIsReportedForItAndForItsVfWithoutOne() {
    List<String> xml = ReferenceHost.files("vpd-card").stream().map(ReferenceHost::read).toList();

    assertThat(NodeDeviceParser.reports(xml, CAPABLE)).extracting(DeviceReport::type, DeviceReport::cardSerial)
        .containsExactly(tuple(DevType.PF, "MT2113X00000"), tuple(DevType.VF, "MT2113X00000"));
  }

  @Test
  void aHostWithoutVpdReportsNoCardSerial() {
    assertThat(NodeDeviceParser.reports(ReferenceHost.xml(), CAPABLE)).extracting(DeviceReport::cardSerial)
        .containsOnlyNulls();
  }

  @Test
  void pfWithoutVirtualFunctionsEnabledIsStillPf() {
    String pf = """
        <device>
          <name>pci_0000_3b_00_0</name>
          <capability type='pci'>
            <domain>0</domain><bus>59</bus><slot>0</slot><function>0</function>
            <product id='0x1017'/>
            <vendor id='0x15b3'/>
            <capability type='virt_functions' maxCount='16'/>
            <numa node='1'/>
          </capability>
        </device>""";

    assertThat(NodeDeviceParser.reports(List.of(pf), CAPABLE)).singleElement()
        .satisfies(r -> {
          assertThat(r.type()).isEqualTo(DevType.PF);
          assertThat(r.numaNode()).isEqualTo(1);
          assertThat(r.ifname()).isNull();
        });
  }

  @Test
  void vdpaNameComesFromNodeDeviceNameWhenThereIsNoSysfsPath() {
    List<String> xml = new ArrayList<>(ReferenceHost.xml("pci_0000_06_00_0", "pci_0000_06_00_1"));
    xml.add("""
        <device>
          <name>vdpa_vdpa7</name>
          <parent>pci_0000_06_00_1</parent>
          <capability type='vdpa'><chardev>/dev/vhost-vdpa-7</chardev></capability>
        </device>""");

    assertThat(NodeDeviceParser.reports(xml, CAPABLE).get(1).vdpa())
        .isEqualTo(new VdpaDevice("vdpa7", "/dev/vhost-vdpa-7"));
  }

  @Test
  void nodeDevicesOfOtherKindsAreIgnored() {
    String computer = """
        <device>
          <name>computer</name>
          <capability type='system'><hardware><vendor>Libvirt</vendor></hardware></capability>
        </device>""";

    assertThat(NodeDeviceParser.reports(List.of(computer), CAPABLE)).isEmpty();
  }

  @Test
  void malformedPciCapabilityIsRefusedNamingTheDevice() {
    String broken = ReferenceHost.xml("pci_0000_06_00_1").get(0).replace("id='0x101e'", "id='0xvf'");

    assertThatThrownBy(() -> NodeDeviceParser.reports(List.of(broken), CAPABLE))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("pci_0000_06_00_1")
        .hasMessageContaining("0xvf");
  }

  @Test
  void xmlThatIsNotWellFormedIsRefused() {
    assertThatThrownBy(() -> NodeDeviceParser.reports(List.of("<device><name>x</device>"), CAPABLE))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("node device XML is not well-formed");
  }

  @Test
  void documentTypeDeclarationsAreRefused() {
    String withEntity = """
        <?xml version="1.0"?>
        <!DOCTYPE device [<!ENTITY x SYSTEM "file:///etc/hostname">]>
        <device><name>&x;</name></device>""";

    assertThatThrownBy(() -> NodeDeviceParser.reports(List.of(withEntity), CAPABLE))
        .isInstanceOf(InvalidValueException.class);
  }
}

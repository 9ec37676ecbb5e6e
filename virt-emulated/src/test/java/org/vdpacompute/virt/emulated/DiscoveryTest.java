package org.vdpacompute.virt.emulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceReport;

class DiscoveryTest {
  @TempDir Path state;

  @Test
  void referenceHostReportsOnePfAndFourVdpaDevicesUnderIt() {
    EmulatedHypervisor host = TestHosts.reference("compute-0", state);
    List<DeviceReport> reports = host.driver().devices().discover();
    assertThat(reports).hasSize(5);
    DeviceReport pf = reports.get(0);
    assertThat(pf.type()).isEqualTo(DevType.PF);
    assertThat(pf.address()).isEqualTo(TestHosts.PF);
    assertThat(pf.ifname()).isEqualTo("enp6s0f0");
    assertThat(pf.driver()).isEqualTo("mlx5_core");
    assertThat(pf.numaNode()).isZero();
    assertThat(reports.subList(1, 5)).allSatisfy(r -> {
      assertThat(r.type()).isEqualTo(DevType.VDPA);
      assertThat(r.parentAddress()).isEqualTo(TestHosts.PF);
      assertThat(r.ids()).hasToString("15b3:101e");
    });
    assertThat(reports.subList(1, 5)).extracting(r -> r.vdpa().chardev())
        .containsExactly("/dev/vhost-vdpa-0", "/dev/vhost-vdpa-1", "/dev/vhost-vdpa-2", "/dev/vhost-vdpa-3");
    assertThat(host.vdpaSupport().supported()).isTrue();
  }

  @ParameterizedTest(name = "libvirt {0}, QEMU {1}, kernel {2}")
  @CsvSource({
      "6.8.0, 5.1.0, 5.15.0, libvirt 6.8.0 is older than 6.9.0",
      "6.8.5, 5.1.0, 5.15.0, libvirt 6.8.5 is older than 6.9.0",
      "6.9.0, 5.0.0, 5.15.0, QEMU 5.0.0 is older than 5.1.0",
      "6.9.0, 5.0.1, 5.15.0, QEMU 5.0.1 is older than 5.1.0",
      "6.9.0, 5.1.0, 5.6.0, kernel 5.6.0 is older than 5.7.0"})
  void hostBelowAMinimumReportsItsVdpaVfsAsPlainVfsAndSaysWhy(
      String libvirt, String qemu, String kernel, String why) {
    EmulatedHypervisor host = new EmulatedHypervisor("old", TestHosts.withVersions(libvirt, qemu, kernel), state);
    assertThat(host.vdpaSupport().supported()).isFalse();
    assertThat(host.vdpaSupport().reason()).startsWith(why);
    List<DeviceReport> reports = host.driver().devices().discover();
    assertThat(reports).extracting(DeviceReport::type)
        .containsExactly(DevType.PF, DevType.VF, DevType.VF, DevType.VF, DevType.VF);
    assertThat(reports).allSatisfy(r -> assertThat(r.vdpa()).isNull());
    assertThat(reports.subList(1, 5)).allSatisfy(r -> assertThat(r.parentAddress()).isEqualTo(TestHosts.PF));
  }

  @ParameterizedTest(name = "libvirt {0}, QEMU {1}, kernel {2}")
  @CsvSource({"6.9.0, 5.1.0, 5.7", "6.9.0, 5.1.0, 5.7.0-1-amd64", "7.0.0, 5.2.0, 6.1.0"})
  void hostAtOrAboveEveryMinimumReportsVdpaDevices(String libvirt, String qemu, String kernel) {
    EmulatedHypervisor host = new EmulatedHypervisor("new", TestHosts.withVersions(libvirt, qemu, kernel), state);
    assertThat(host.driver().devices().discover()).filteredOn(r -> r.type() == DevType.VDPA).hasSize(4);
  }

  @Test
  void theCardSerialOfAPfsVpdIsReportedForThePfItsVfsAndTheirVdpaDevices() {
    String json = """
        {"hypervisor": {"type": "kvm", "libvirt_version": "8.0.0", "qemu_version": "6.2.0", "kernel_version": "5.15.0"},
         "numa_nodes": [{"id": 0, "cpus": 4, "memory_mb": 8192}],
         "pci_devices": [
           {"address": "0000:3b:00.0", "type": "PF", "vendor_id": "15b3", "product_id": "a2d6",
            "vpd": {"serial": "MT2113X00000"}},
           {"address": "0000:3b:00.2", "type": "VF", "parent": "0000:3b:00.0", "vendor_id": "15b3", "product_id": "101e"},
           {"address": "0000:3b:00.3", "type": "VF", "parent": "0000:3b:00.0", "vendor_id": "15b3", "product_id": "101e",
            "vdpa": {"name": "vdpa0", "chardev": "/dev/vhost-vdpa-0"}},
           {"address": "0000:06:00.0", "type": "PF", "vendor_id": "15b3", "product_id": "101d"},
           {"address": "0000:06:00.1", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3", "product_id": "101e"}]}""";
    EmulatedHypervisor host = new EmulatedHypervisor("dpu", TopologyReader.parse(json, "dpu"), state);
    assertThat(host.driver().devices().discover()).extracting(r -> r.address() + " " + r.type() + " " + r.cardSerial())
        .containsExactly(
            "0000:06:00.0 type-PF null",
            "0000:06:00.1 type-VF null",
            "0000:3b:00.0 type-PF MT2113X00000",
            "0000:3b:00.2 type-VF MT2113X00000",
            "0000:3b:00.3 vdpa MT2113X00000");
  }

  @Test
  void plainPciDevicesAndVfsWithoutVdpaKeepTheirTypes() {
    String json = """
        {"hypervisor": {"type": "kvm", "libvirt_version": "8.0.0", "qemu_version": "6.2.0", "kernel_version": "5.15.0"},
         "numa_nodes": [{"id": 0, "cpus": 4, "memory_mb": 8192}, {"id": 1, "cpus": 4, "memory_mb": 8192}],
         "pci_devices": [
           {"address": "0000:81:00.0", "type": "PCI", "vendor_id": "10de", "product_id": "20b5", "numa_node": 1},
           {"address": "0000:05:00.0", "type": "PF", "vendor_id": "8086", "product_id": "1572", "ifname": "ens5f0"},
           {"address": "0000:05:02.0", "type": "VF", "parent": "0000:05:00.0", "vendor_id": "8086",
            "product_id": "154c", "ifname": "ens5f0v0", "driver": "iavf"}]}""";
    EmulatedHypervisor host = new EmulatedHypervisor("mixed", TopologyReader.parse(json, "mixed"), state);
    assertThat(host.driver().devices().discover()).extracting(r -> r.address() + " " + r.type() + " " + r.numaNode() + " " + r.ifname())
        .containsExactly(
            "0000:05:00.0 type-PF null ens5f0",
            "0000:05:02.0 type-VF null ens5f0v0",
            "0000:81:00.0 type-PCI 1 null");
    assertThat(host.numaCells()).hasSize(2);
  }
}

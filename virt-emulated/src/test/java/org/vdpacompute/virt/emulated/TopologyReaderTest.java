package org.vdpacompute.virt.emulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.virt.HypervisorVersion;

class TopologyReaderTest {

  private static final String PF_JSON = """
      {"address": "0000:06:00.0", "type": "PF", "vendor_id": "15b3", "product_id": "101d", "numa_node": 0}""";

  private static String host(String devices) {
    return """
        {"hypervisor": {"type": "kvm", "libvirt_version": "6.9.0", "qemu_version": "5.1.0",
                        "kernel_version": "5.15.0"},
         "numa_nodes": [{"id": 0, "cpus": 8, "memory_mb": 16384}],
         "pci_devices": [%s]}""".formatted(devices);
  }

  private static TopologyException refusal(String json) {
    try {
      TopologyReader.parse(json, "host.json");
    } catch (TopologyException e) {
      return e;
    }
    throw new AssertionError("topology was accepted:\n" + json);
  }

  @Test
  void referenceHostNamesItsRepresentorsAsSystemdNamesThemOnASwitchdevHost() {
    Topology t = TopologyReader.reference();

    assertThat(t.representorOf(PciAddress.parse("0000:06:00.1"))).hasValue("enp6s0f0npf0vf0");
    assertThat(t.representorOf(PciAddress.parse("0000:06:00.4"))).hasValue("enp6s0f0npf0vf3");
    assertThat(t.representorOf(PciAddress.parse("0000:06:00.0"))).isEmpty();
    assertThat(t.representorOf(PciAddress.parse("0000:07:00.1"))).isEmpty();
    assertThat(t.representorOf(PciAddress.parse("0000:06:00.4"), "c1")).as("a host sharing a switch").hasValue("c1pf0vf3");
  }

  @Test
  void aVfsRepresentorIsTheOneTheFileNames() {
    Topology t = TopologyReader.parse(host(PF_JSON + """
        , {"address": "0000:06:00.1", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3",
           "product_id": "101e", "ifname": "enp6s0f0v0", "representor": "eth5"}"""), "host.json");

    assertThat(t.devices().get(1).ifname()).isEqualTo("enp6s0f0v0");
    assertThat(t.representorOf(PciAddress.parse("0000:06:00.1"))).hasValue("eth5");
  }

  @Test
  void onlyAVfHasARepresentor() {
    assertThat(refusal(host("""
        {"address": "0000:06:00.0", "type": "PF", "vendor_id": "15b3", "product_id": "101d",
         "representor": "eth5"}""")))
        .hasMessageContaining("only a VF has a port representor, and 0000:06:00.0 is a PF");
  }

  @Test
  void referenceTopologyIsOnePfAndFourVfsWithVdpaDevices() {
    Topology t = TopologyReader.reference();
    assertThat(t.hypervisor().type()).isEqualTo("kvm");
    assertThat(t.hypervisor().libvirtVersion()).isEqualTo(HypervisorVersion.parse("6.9.0"));
    assertThat(t.numaNodes()).singleElement().satisfies(n -> {
      assertThat(n.cpus()).isEqualTo(8);
      assertThat(n.memoryMb()).isEqualTo(16384);
    });
    assertThat(t.devices()).hasSize(5);
    TopologyDevice pf = t.devices().get(0);
    assertThat(pf.address()).isEqualTo(PciAddress.parse("0000:06:00.0"));
    assertThat(pf.type()).isEqualTo(DevType.PF);
    assertThat(pf.ids()).hasToString("15b3:101d");
    assertThat(pf.ifname()).isEqualTo("enp6s0f0");
    assertThat(t.devices().subList(1, 5)).allSatisfy(vf -> {
      assertThat(vf.type()).isEqualTo(DevType.VF);
      assertThat(vf.parent()).isEqualTo(pf.address());
      assertThat(vf.ids()).hasToString("15b3:101e");
      assertThat(vf.driver()).isEqualTo("mlx5_core");
    });
    assertThat(t.devices().subList(1, 5)).extracting(d -> d.vdpa().name() + "@" + d.vdpa().chardev())
        .containsExactly("vdpa0@/dev/vhost-vdpa-0", "vdpa1@/dev/vhost-vdpa-1",
            "vdpa2@/dev/vhost-vdpa-2", "vdpa3@/dev/vhost-vdpa-3");
    assertThat(t.serviceVersion()).isNull();
  }

  @Test
  void serviceVersionIsRead() {
    String json = host(PF_JSON).replaceFirst("\\{", "{\"service_version\": 2, ");
    assertThat(TopologyReader.parse(json, "host.json").serviceVersion()).isEqualTo(2);
  }

  @Test
  void vfMayBeListedBeforeItsPf() {
    String vf = """
        {"address": "0000:06:00.1", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3",
         "product_id": "101e"}""";
    Topology t = TopologyReader.parse(host(vf + "," + PF_JSON), "host.json");
    assertThat(t.devices()).extracting(TopologyDevice::type).containsExactly(DevType.PF, DevType.VF);
  }

  @Test
  void fileIsReadAndNamedInErrors(@TempDir Path dir) throws IOException {
    Path good = Files.writeString(dir.resolve("good.json"), host(PF_JSON));
    assertThat(TopologyReader.read(good).devices()).hasSize(1);
    Path bad = Files.writeString(dir.resolve("bad.json"), "{");
    assertThatThrownBy(() -> TopologyReader.read(bad))
        .isInstanceOf(TopologyException.class).hasMessageContaining(bad.toString());
    assertThatThrownBy(() -> TopologyReader.read(dir.resolve("missing.json")))
        .isInstanceOf(TopologyException.class).hasMessageContaining("missing.json").hasMessageContaining("cannot be read");
  }

  @Test
  void unknownTopLevelKeyIsRefusedWithItsPath() {
    TopologyException e = refusal(host(PF_JSON).replaceFirst("\\{", "{\"hypervisors\": 1, "));
    assertThat(e.path()).isEqualTo("$.hypervisors");
    assertThat(e).hasMessageContaining("host.json").hasMessageContaining("unknown key 'hypervisors'");
  }

  @Test
  void unknownDeviceKeyIsRefusedWithItsPath() {
    TopologyException e = refusal(host(PF_JSON.replace("\"numa_node\"", "\"numa\"")));
    assertThat(e.path()).isEqualTo("$.pci_devices[0].numa");
    assertThat(e).hasMessageContaining("unknown key 'numa'");
  }

  @Test
  void vfWithoutParentIsRefused() {
    TopologyException e = refusal(host(PF_JSON + """
        ,{"address": "0000:06:00.1", "type": "VF", "vendor_id": "15b3", "product_id": "101e"}"""));
    assertThat(e.path()).isEqualTo("$.pci_devices[1].parent");
    assertThat(e).hasMessageContaining("missing required key 'parent'");
  }

  @Test
  void vfWhoseParentDoesNotExistIsRefused() {
    TopologyException e = refusal(host(PF_JSON + """
        ,{"address": "0000:07:00.1", "type": "VF", "parent": "0000:07:00.0", "vendor_id": "15b3",
          "product_id": "101e"}"""));
    assertThat(e.path()).isEqualTo("$.pci_devices[1].parent");
    assertThat(e).hasMessageContaining("VF 0000:07:00.1 names parent 0000:07:00.0, which is not a PF of this host");
  }

  @Test
  void vfWhoseParentIsAnotherVfIsRefused() {
    TopologyException e = refusal(host(PF_JSON + """
        ,{"address": "0000:06:00.1", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3", "product_id": "101e"}
        ,{"address": "0000:06:00.2", "type": "VF", "parent": "0000:06:00.1", "vendor_id": "15b3", "product_id": "101e"}"""));
    assertThat(e.path()).isEqualTo("$.pci_devices[2].parent");
    assertThat(e).hasMessageContaining("(it is a type-VF)");
  }

  @Test
  void duplicateAddressIsRefused() {
    TopologyException e = refusal(host(PF_JSON + "," + PF_JSON));
    assertThat(e.path()).isEqualTo("$.pci_devices[1].address");
    assertThat(e).hasMessageContaining("address 0000:06:00.0 is listed twice");
  }

  @Test
  void badVersionStringIsRefusedNamingIt() {
    TopologyException e = refusal(host(PF_JSON).replace("\"6.9.0\"", "\"six\""));
    assertThat(e.path()).isEqualTo("$.hypervisor.libvirt_version");
    assertThat(e).hasMessageContaining("'six' is not a version");
  }

  @Test
  void missingFieldIsRefused() {
    TopologyException e = refusal(host(PF_JSON).replace("\"qemu_version\": \"5.1.0\",", ""));
    assertThat(e.path()).isEqualTo("$.hypervisor.qemu_version");
    assertThat(e).hasMessageContaining("missing required key 'qemu_version'");
  }

  @Test
  void missingDeviceAddressIsRefused() {
    TopologyException e = refusal(host(PF_JSON.replace("\"address\": \"0000:06:00.0\", ", "")));
    assertThat(e.path()).isEqualTo("$.pci_devices[0].address");
  }

  @Test
  void malformedPciAddressIsRefused() {
    TopologyException e = refusal(host(PF_JSON.replace("0000:06:00.0", "06:00.0")));
    assertThat(e.path()).isEqualTo("$.pci_devices[0].address");
    assertThat(e).hasMessageContaining("'06:00.0' is not a PCI address");
  }

  @Test
  void unknownDeviceTypeIsRefused() {
    TopologyException e = refusal(host(PF_JSON.replace("\"PF\"", "\"vdpa\"")));
    assertThat(e.path()).isEqualTo("$.pci_devices[0].type");
    assertThat(e).hasMessageContaining("'vdpa' is not PCI, PF or VF");
  }

  @Test
  void wrongJsonTypeIsRefused() {
    TopologyException e = refusal(host(PF_JSON.replace("\"numa_node\": 0", "\"numa_node\": \"0\"")));
    assertThat(e.path()).isEqualTo("$.pci_devices[0].numa_node");
    assertThat(e).hasMessageContaining("expected an integer");
  }

  @Test
  void undeclaredNumaNodeIsRefused() {
    TopologyException e = refusal(host(PF_JSON.replace("\"numa_node\": 0", "\"numa_node\": 1")));
    assertThat(e.path()).isEqualTo("$.pci_devices[0].numa_node");
    assertThat(e).hasMessageContaining("NUMA node 1 is not among the host's numa_nodes");
  }

  @Test
  void vdpaOnAPfIsRefused() {
    TopologyException e = refusal(host(PF_JSON.replace("}", ", \"vdpa\": {\"name\": \"vdpa0\", \"chardev\": \"/dev/vhost-vdpa-0\"}}")));
    assertThat(e.path()).isEqualTo("$.pci_devices[0].vdpa");
  }

  @Test
  void aPfsVpdSerialIsRead() {
    Topology t = TopologyReader.parse(host(PF_JSON.replace("}", ", \"vpd\": {\"serial\": \"MT2113X00000\"}}")), "host.json");
    assertThat(t.devices().get(0).vpdSerial()).isEqualTo("MT2113X00000");
    assertThat(TopologyReader.parse(host(PF_JSON), "host.json").devices().get(0).vpdSerial()).isNull();
  }

  @Test
  void vpdOnAVfOrAnUnknownVpdKeyIsRefused() {
    String vf = """
        {"address": "0000:06:00.1", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3",
         "product_id": "101e", "vpd": {"serial": "X"}}""";
    TopologyException onVf = refusal(host(PF_JSON + "," + vf));
    assertThat(onVf.path()).isEqualTo("$.pci_devices[1].vpd");
    assertThat(onVf).hasMessageContaining("only a PF describes its card's VPD");
    TopologyException unknown = refusal(host(PF_JSON.replace("}", ", \"vpd\": {\"sn\": \"X\"}}")));
    assertThat(unknown).hasMessageContaining("unknown key 'sn'");
  }

  @Test
  void duplicateVdpaChardevIsRefused() {
    String vf = """
        {"address": "0000:06:00.%d", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3",
         "product_id": "101e", "vdpa": {"name": "vdpa%d", "chardev": "/dev/vhost-vdpa-0"}}""";
    TopologyException e = refusal(host(PF_JSON + "," + vf.formatted(1, 0) + "," + vf.formatted(2, 1)));
    assertThat(e.path()).isEqualTo("$.pci_devices[2].vdpa");
    assertThat(e).hasMessageContaining("/dev/vhost-vdpa-0 is used twice");
  }

  @Test
  void nonPositiveServiceVersionIsRefused() {
    TopologyException e = refusal(host(PF_JSON).replaceFirst("\\{", "{\"service_version\": 0, "));
    assertThat(e.path()).isEqualTo("$.service_version");
  }

  @Test
  void duplicateJsonKeyIsRefused() {
    TopologyException e = refusal(host(PF_JSON.replace("\"numa_node\": 0", "\"numa_node\": 0, \"numa_node\": 0")));
    assertThat(e).hasMessageContaining("not valid JSON").hasMessageContaining("numa_node");
  }

  @Test
  void invalidNumaNodeIsRefusedWithItsPath() {
    TopologyException e = refusal(host(PF_JSON).replace("\"cpus\": 8", "\"cpus\": 0"));
    assertThat(e.path()).isEqualTo("$.numa_nodes[0]");
    assertThat(e).hasMessageContaining("0 CPUs");
  }
}

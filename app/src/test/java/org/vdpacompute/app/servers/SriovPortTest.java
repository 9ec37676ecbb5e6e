package org.vdpacompute.app.servers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.allinone.CloudApi;

/**
 * SR-IOV ports that want a plain VF: the reference host with two of its four VFs left without a
 * vDPA device, since a VF with one is a {@code vdpa} device and never handed to a {@code direct} port.
 */
class SriovPortTest {
  private static final String TOPOLOGY = """
      {"hypervisor": {"type": "kvm", "libvirt_version": "6.9.0", "qemu_version": "5.1.0", "kernel_version": "5.15.0"},
       "numa_nodes": [{"id": 0, "cpus": 8, "memory_mb": 16384}],
       "pci_devices": [
         {"address": "0000:06:00.0", "type": "PF", "vendor_id": "15b3", "product_id": "101d", "numa_node": 0,
          "driver": "mlx5_core", "ifname": "enp6s0f0"},
         {"address": "0000:06:00.1", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3", "product_id": "101e",
          "numa_node": 0, "driver": "mlx5_core", "vdpa": {"name": "vdpa0", "chardev": "/dev/vhost-vdpa-0"}},
         {"address": "0000:06:00.2", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3", "product_id": "101e",
          "numa_node": 0, "driver": "mlx5_core", "vdpa": {"name": "vdpa1", "chardev": "/dev/vhost-vdpa-1"}},
         {"address": "0000:06:00.3", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3", "product_id": "101e",
          "numa_node": 0, "driver": "mlx5_core", "ifname": "enp6s0f0v2"},
         {"address": "0000:06:00.4", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3", "product_id": "101e",
          "numa_node": 0, "driver": "mlx5_core", "ifname": "enp6s0f0v3"}
       ]}
      """;
  @TempDir static Path dir;
  private static AllInOneCloud cloud;
  private static ServerFixture f;

  @BeforeAll
  static void start() throws Exception {
    Path topology = Files.writeString(dir.resolve("topology.json"), TOPOLOGY);
    cloud = AllInOneCloud.start(dir.resolve("cloud"), 0, 1, topology);
    f = new ServerFixture(cloud, dir.resolve("cloud"));
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @AfterEach
  void deleteEveryServer() throws Exception {
    f.deleteEveryServer();
  }

  @Test
  void aDirectPortGetsAPlainVfAsAHostdevInterfaceAndNeverAVdpaDevice() throws Exception {
    String port = f.port("direct");
    String server = f.boot("{\"port\": \"" + port + "\"}");
    JsonNode device = f.deviceOf("compute-0", server);
    assertThat(device.get("dev_type").asText()).isEqualTo("type-VF");
    assertThat(device.get("status").asText()).isEqualTo("allocated");
    assertThat(f.statusCounts("compute-0")).containsOnly(Map.entry("available", 3), Map.entry("allocated", 1),
        Map.entry("unavailable", 1));
    JsonNode bound = f.portJson(port);
    assertThat(bound.get("binding:vif_type").asText()).isEqualTo("hw_veb");
    assertThat(bound.at("/binding:profile/pci_slot").asText()).isEqualTo(device.get("address").asText());
    String function = device.get("address").asText().substring(11);
    assertThat(f.domainXml("compute-0", server)).contains("<interface managed=\"yes\" type=\"hostdev\">")
        .contains("function=\"0x" + function + "\"").doesNotContain("type=\"vdpa\"");
    f.delete(server);
    assertThat(f.statusCounts("compute-0")).containsOnly(Map.entry("available", 5));
  }

  @Test
  void aMacvtapPortGetsAVfThroughItsNetworkInterface() throws Exception {
    String port = f.port("macvtap");
    String server = f.boot("{\"port\": \"" + port + "\"}");
    JsonNode device = f.deviceOf("compute-0", server);
    assertThat(device.get("dev_type").asText()).isEqualTo("type-VF");
    String ifname = device.get("address").asText().endsWith(".3") ? "enp6s0f0v2" : "enp6s0f0v3";
    assertThat(f.domainXml("compute-0", server)).contains("<interface type=\"direct\">").contains("dev=\"" + ifname + "\"");
    f.delete(server);
    assertThat(f.statusCounts("compute-0")).containsOnly(Map.entry("available", 5));
  }

  @Test
  void anAttachWithNoFreeDeviceIsRefusedWithTheReasonAndANetworkAttachNeedsNone() throws Exception {
    String server = f.boot("{\"uuid\": \"" + f.network + "\"}");
    String first = f.boot("{\"port\": \"" + f.port("vdpa") + "\"}");
    String second = f.boot("{\"port\": \"" + f.port("vdpa") + "\"}");
    String port = f.port("vdpa");
    CloudApi.Answer refused = f.demo.call("POST", ServerFixture.SERVERS + "/" + server + "/os-interface",
        "{\"interfaceAttachment\": {\"port_id\": \"" + port + "\"}}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body()).contains("has no free device").contains("PciPassthroughFilter");
    assertThat(f.portJson(port).get("device_id").asText()).isEmpty();
    JsonNode attached = f.demo.expect(200, "POST", ServerFixture.SERVERS + "/" + server + "/os-interface",
        "{\"interfaceAttachment\": {\"net_id\": \"" + f.network + "\"}}").get("interfaceAttachment");
    assertThat(f.portJson(attached.get("port_id").asText()).get("binding:host_id").asText()).isEqualTo("compute-0");
    assertThat(f.demo.get(ServerFixture.SERVERS + "/" + server + "/os-interface").get("interfaceAttachments")).hasSize(2);
    for (String s : new String[] {server, first, second}) f.delete(s);
    f.demo.expect(404, "GET", "/networking/v2.0/ports/" + attached.get("port_id").asText(), null);
  }
}

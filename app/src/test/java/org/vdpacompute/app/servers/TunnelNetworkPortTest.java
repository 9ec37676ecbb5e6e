package org.vdpacompute.app.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vdpacompute.app.servers.ServerFixture.SERVERS;
import static org.vdpacompute.app.servers.ServerFixture.other;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.app.allinone.AllInOneCloud;

/**
 * Ports on a network without a physical network (geneve: hardware-offloaded OVS under OVN), on two
 * reference hosts whose device_spec names no {@code physical_network} (CONTRACT section 5): they
 * boot, move and detach like VLAN ports, and their {@code binding:profile} has no physical network.
 */
class TunnelNetworkPortTest {
  private static final List<String> SPEC_WITHOUT_PHYSNET = List.of(
      "{\"vendor_id\": \"15b3\", \"product_id\": \"101d\"}",
      "{\"vendor_id\": \"15b3\", \"product_id\": \"101e\"}");
  @TempDir static Path dir;
  private static AllInOneCloud cloud;
  private static ServerFixture f;
  private static String tunnel;

  @BeforeAll
  static void start() throws Exception {
    cloud = AllInOneCloud.start(dir, 0, 2, null, SPEC_WITHOUT_PHYSNET);
    f = new ServerFixture(cloud, dir);
    tunnel = f.admin.expect(201, "POST", "/networking/v2.0/networks",
        "{\"network\": {\"name\": \"ovn-net\", \"provider:network_type\": \"geneve\", \"shared\": true}}")
        .at("/network/id").asText();
    f.admin.expect(201, "POST", "/networking/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + tunnel
        + "\", \"cidr\": \"10.9.0.0/24\", \"ip_version\": 4}}");
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @AfterEach
  void deleteEveryServer() throws Exception {
    f.deleteEveryServer();
    assertThat(f.available("compute-0")).as("no claim left behind").isEqualTo(5);
    assertThat(f.available("compute-1")).as("no claim left behind").isEqualTo(5);
  }

  private static String tunnelPort() throws Exception {
    return f.demo.expect(201, "POST", "/networking/v2.0/ports", "{\"port\": {\"network_id\": \"" + tunnel
        + "\", \"binding:vnic_type\": \"vdpa\"}}").at("/port/id").asText();
  }

  /** The port is bound to the server's vDPA device on {@code host}, with no physical network in its profile. */
  private static void assertBoundWithoutPhysnet(String server, String port, String host) throws Exception {
    JsonNode device = f.assertVdpaOn(server, port, host);
    assertThat(device.get("physical_network").isNull()).isTrue();
    JsonNode profile = f.portJson(port).get("binding:profile");
    assertThat(profile.get("pci_slot").asText()).isEqualTo(device.get("address").asText());
    assertThat(profile.get("pci_vendor_info").asText()).isEqualTo("15b3:101e");
    assertThat(profile.has("physical_network")).as(profile.toString()).isFalse();
  }

  @Test
  void aVdpaPortOnAGeneveNetworkBootsMigratesColdAndLiveAndStaysBoundWithoutAPhysicalNetwork() throws Exception {
    String port = tunnelPort();
    String server = f.boot("{\"port\": \"" + port + "\"}");
    String host = f.hostOf(server);
    assertBoundWithoutPhysnet(server, port, host);
    assertThat(f.available(host)).isEqualTo(3);

    String dest = other(host);
    f.action(f.admin, server, "{\"migrate\": null}", 202);
    f.awaitStatus(server, "VERIFY_RESIZE");
    f.action(f.demo, server, "{\"confirmResize\": null}", 204);
    f.awaitStatus(server, "ACTIVE");
    assertBoundWithoutPhysnet(server, port, dest);
    assertThat(f.available(host)).isEqualTo(5);

    f.action(f.admin, server, "{\"os-migrateLive\": {\"host\": null, \"block_migration\": \"auto\"}}", 202);
    f.admin.awaitJson(SERVERS + "/" + server, j -> j.at("/server/OS-EXT-SRV-ATTR:host").asText().equals(host)
        && j.at("/server/OS-EXT-STS:task_state").isNull(), ServerFixture.WAIT);
    f.awaitStatus(server, "ACTIVE");
    assertBoundWithoutPhysnet(server, port, host);
    assertThat(f.available(dest)).isEqualTo(5);
  }

  @Test
  void aVdpaPortOnAGeneveNetworkAttachesAndDetaches() throws Exception {
    String server = f.boot("{\"uuid\": \"" + tunnel + "\"}");
    String host = f.hostOf(server);
    String port = tunnelPort();
    f.demo.expect(200, "POST", SERVERS + "/" + server + "/os-interface",
        "{\"interfaceAttachment\": {\"port_id\": \"" + port + "\"}}");
    assertBoundWithoutPhysnet(server, port, host);
    f.demo.expect(202, "DELETE", SERVERS + "/" + server + "/os-interface/" + port, null);
    f.demo.awaitJson("/networking/v2.0/ports/" + port, j -> j.at("/port/device_id").asText().isEmpty(), ServerFixture.WAIT);
    assertThat(f.portJson(port).get("binding:profile")).isEmpty();
    assertThat(f.available(host)).isEqualTo(5);
  }

  @Test
  void aVlanPortFindsNoDeviceOnHostsWhoseDevicesHaveNoPhysicalNetworkAndTheFaultSaysSo() throws Exception {
    String id = f.demo.expect(202, "POST", SERVERS, f.serverBody("vm", "{\"port\": \"" + f.port("vdpa") + "\"}"))
        .at("/server/id").asText();
    JsonNode server = f.admin.awaitJson(SERVERS + "/" + id, j -> !j.at("/server/status").asText().equals("BUILD"),
        ServerFixture.WAIT).get("server");
    assertThat(server.get("status").asText()).isEqualTo("ERROR");
    assertThat(server.at("/fault/message").asText()).contains("PciPassthroughFilter").doesNotContain("null");
  }
}

package org.vdpacompute.app.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vdpacompute.app.servers.ServerFixture.SERVERS;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.allinone.CloudApi;

/**
 * {@code trusted} in a port's binding:profile, and which pool serves first (CONTRACT section 5), on
 * one host of a PF and four plain VFs: VFs .1 and .4 tagged trusted, VF .2 tagged untrusted, VF .3
 * with no trusted tag. A port that says trusted (in any oslo spelling) gets a VF tagged so; a port
 * that does not say takes a VF whose entry has fewer tags first, leaving the tagged ones.
 */
class TrustedPortTest {
  private static final String TOPOLOGY = """
      {"hypervisor": {"type": "kvm", "libvirt_version": "6.9.0", "qemu_version": "5.1.0", "kernel_version": "5.15.0"},
       "numa_nodes": [{"id": 0, "cpus": 8, "memory_mb": 16384}],
       "pci_devices": [
         {"address": "0000:06:00.0", "type": "PF", "vendor_id": "15b3", "product_id": "101d", "numa_node": 0,
          "driver": "mlx5_core", "ifname": "enp6s0f0"},
         {"address": "0000:06:00.1", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3", "product_id": "101e",
          "numa_node": 0, "driver": "mlx5_core", "ifname": "enp6s0f0v0"},
         {"address": "0000:06:00.2", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3", "product_id": "101e",
          "numa_node": 0, "driver": "mlx5_core", "ifname": "enp6s0f0v1"},
         {"address": "0000:06:00.3", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3", "product_id": "101e",
          "numa_node": 0, "driver": "mlx5_core", "ifname": "enp6s0f0v2"},
         {"address": "0000:06:00.4", "type": "VF", "parent": "0000:06:00.0", "vendor_id": "15b3", "product_id": "101e",
          "numa_node": 0, "driver": "mlx5_core", "ifname": "enp6s0f0v3"}
       ]}
      """;
  private static final List<String> DEVICE_SPEC = List.of(
      "{\"address\": \"0000:06:00.1\", \"physical_network\": \"physnet4\", \"trusted\": \"yes\"}",
      "{\"address\": \"0000:06:00.4\", \"physical_network\": \"physnet4\", \"trusted\": \"Y\"}",
      "{\"address\": \"0000:06:00.2\", \"physical_network\": \"physnet4\", \"trusted\": \"no\"}",
      "{\"vendor_id\": \"15b3\", \"physical_network\": \"physnet4\"}");
  private static final List<String> TRUSTED_VFS = List.of("0000:06:00.1", "0000:06:00.4");
  private static final String UNTRUSTED_VF = "0000:06:00.2";
  @TempDir static Path dir;
  private static AllInOneCloud cloud;
  private static ServerFixture f;

  @BeforeAll
  static void start() throws Exception {
    Path topology = Files.writeString(dir.resolve("topology.json"), TOPOLOGY);
    cloud = AllInOneCloud.start(dir.resolve("cloud"), 0, 1, topology, DEVICE_SPEC);
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

  /** A direct port the admin made, with {@code profile} as its binding:profile (written by admins only). */
  private static String directPort(String profile) throws Exception {
    return f.admin.expect(201, "POST", "/networking/v2.0/ports", "{\"port\": {\"network_id\": \"" + f.network
        + "\", \"binding:vnic_type\": \"direct\", \"binding:profile\": " + profile + "}}").at("/port/id").asText();
  }

  private static String bootAsAdmin(String port) throws Exception {
    String id = f.admin.expect(202, "POST", SERVERS, f.serverBody("vm", "{\"port\": \"" + port + "\"}"))
        .at("/server/id").asText();
    JsonNode s = f.admin.awaitJson(SERVERS + "/" + id, j -> !j.at("/server/status").asText().equals("BUILD"),
        ServerFixture.WAIT).get("server");
    assertThat(s.get("status").asText()).as(s.toString()).isEqualTo("ACTIVE");
    return id;
  }

  private static String slotOf(String port) throws Exception {
    return f.admin.get("/networking/v2.0/ports/" + port).at("/port/binding:profile/pci_slot").asText();
  }

  @Test
  void aPlainPortLeavesTheTaggedVfsAndALaterTrustedPortStillFindsItsOwn() throws Exception {
    String plain = directPort("{}");
    bootAsAdmin(plain);
    assertThat(slotOf(plain)).isEqualTo("0000:06:00.3");
    String trusted = directPort("{\"trusted\": true}");
    bootAsAdmin(trusted);
    assertThat(slotOf(trusted)).isIn(TRUSTED_VFS);
  }

  @Test
  void aPortThatSaysUntrustedInAnyOsloSpellingGetsTheVfTaggedUntrusted() throws Exception {
    String untrusted = directPort("{\"trusted\": \"no\"}");
    bootAsAdmin(untrusted);
    assertThat(slotOf(untrusted)).isEqualTo(UNTRUSTED_VF);
    // The one VF tagged untrusted is taken: a second such port finds no host, though trusted and
    // untagged VFs are free.
    String second = directPort("{\"trusted\": \"Off\"}");
    String id = f.admin.expect(202, "POST", SERVERS, f.serverBody("vm2", "{\"port\": \"" + second + "\"}"))
        .at("/server/id").asText();
    JsonNode s = f.admin.awaitJson(SERVERS + "/" + id, j -> !j.at("/server/status").asText().equals("BUILD"),
        ServerFixture.WAIT).get("server");
    assertThat(s.get("status").asText()).isEqualTo("ERROR");
  }

  @Test
  void aPortThatSaysTrustedInAnyOsloSpellingGetsTheTrustedVf() throws Exception {
    String yes = directPort("{\"trusted\": \"yes\"}");
    String one = directPort("{\"trusted\": 1}");
    bootAsAdmin(yes);
    bootAsAdmin(one);
    assertThat(List.of(slotOf(yes), slotOf(one))).containsExactlyInAnyOrderElementsOf(TRUSTED_VFS);
  }

  @Test
  void aTrustedValueThatSpellsNoBooleanIsRefusedWithTheValue() throws Exception {
    String maybe = directPort("{\"trusted\": \"maybe\"}");
    CloudApi.Answer refused = f.admin.call("POST", SERVERS, f.serverBody("vm", "{\"port\": \"" + maybe + "\"}"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains(maybe).contains("trusted").contains("'maybe'");
    assertThat(f.admin.get("/networking/v2.0/ports/" + maybe).at("/port/device_id").asText()).isEmpty();
  }

  @Test
  void aNullInABindingProfileIsKeptOutNotAServerError() throws Exception {
    String port = directPort("{\"trusted\": null}");
    assertThat(f.admin.get("/networking/v2.0/ports/" + port).at("/port/binding:profile").size()).isZero();
    bootAsAdmin(port);
    assertThat(slotOf(port)).isEqualTo("0000:06:00.3");
  }
}

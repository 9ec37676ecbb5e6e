package org.vdpacompute.api.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.vdpacompute.api.OpenStackCli;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.identity.IdentityApi;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.controller.identity.InMemoryIdentityStore;
import org.vdpacompute.controller.identity.PasswordHasher;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.network.InMemoryNetworkStore;
import org.vdpacompute.controller.network.NetworkService;

/** The real openstack CLI makes the seed document's network, subnet and vdpa port. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkApiCliTest {
  private static ApiServer server;
  private static OpenStackCli admin;
  private static OpenStackCli demo;

  @BeforeAll
  static void start() {
    IdentityService identity = new IdentityService(new InMemoryIdentityStore(), new PasswordHasher(4),
        Clock.systemUTC(), Duration.ofHours(1));
    identity.bootstrap("admin", "admin", "secret", Role.ADMIN);
    identity.bootstrap("demo", "demo", "demo-pw", Role.MEMBER);
    NetworkService networks = new NetworkService(new InMemoryNetworkStore(), Clock.systemUTC(), new SplittableRandom(1));
    server = ApiServer.start("127.0.0.1", 0, identity::validate,
        List.of(new IdentityApi(identity), new NetworkApi(networks)));
    String auth = "http://127.0.0.1:" + server.port() + "/identity/v3";
    admin = new OpenStackCli(auth, "admin", "secret", "admin");
    demo = new OpenStackCli(auth, "demo", "demo-pw", "demo");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode ok(OpenStackCli.Result r) {
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.json();
  }

  @Test
  @Order(1)
  void anAdminMakesAProviderNetworkWithASubnet() throws Exception {
    JsonNode net = ok(admin.run("network", "create", "--provider-network-type", "vlan", "--provider-physical-network",
        "physnet4", "--provider-segment", "100", "--share", "physnet4-net", "-f", "json"));
    assertThat(net.get("provider:physical_network").asText()).isEqualTo("physnet4");
    assertThat(net.get("provider:segmentation_id").asInt()).isEqualTo(100);
    JsonNode subnet = ok(admin.run("subnet", "create", "--network", "physnet4-net", "--subnet-range", "10.4.0.0/24",
        "physnet4-subnet", "-f", "json"));
    assertThat(subnet.get("cidr").asText()).isEqualTo("10.4.0.0/24");
  }

  @Test
  @Order(2)
  void aMemberMakesAVdpaPortOnIt() throws Exception {
    JsonNode port = ok(demo.run("port", "create", "--network", "physnet4-net", "--vnic-type", "vdpa", "vdpa-port", "-f", "json"));
    assertThat(port.get("binding_vnic_type").asText()).isEqualTo("vdpa");
    assertThat(port.get("mac_address").asText()).startsWith("fa:16:3e:");
    JsonNode shown = ok(demo.run("port", "show", "vdpa-port", "-f", "json"));
    assertThat(shown.get("id").asText()).isEqualTo(port.get("id").asText());
    // An address of the subnet's pool, chosen at random as Neutron chooses.
    assertThat(shown.toString()).contains(port.get("fixed_ips").get(0).get("ip_address").asText()).contains("\"10.4.0.");
  }

  @Test
  @Order(3)
  void listsShowWhatEachUserMayConsider() throws Exception {
    assertThat(ok(demo.run("network", "list", "-f", "json"))).hasSize(1);
    assertThat(ok(demo.run("subnet", "list", "-f", "json"))).hasSize(1);
    assertThat(ok(demo.run("port", "list", "-f", "json"))).hasSize(1);
    assertThat(ok(admin.run("port", "list", "-f", "json"))).hasSize(1);
  }

  @Test
  @Order(4)
  void aMemberMayNotMakeProviderNetworksNorUnknownVnicTypes() throws Exception {
    OpenStackCli.Result provider = demo.run("network", "create", "--provider-network-type", "vlan",
        "--provider-physical-network", "physnet4", "--provider-segment", "200", "mine", "-f", "json");
    assertThat(provider.exitCode()).isNotZero();
    assertThat(provider.stderr()).contains("create_network:provider:physical_network");
    OpenStackCli.Result vnic = demo.run("port", "create", "--network", "physnet4-net", "--vnic-type", "baremetal", "p2", "-f", "json");
    assertThat(vnic.exitCode()).isNotZero();
  }
}

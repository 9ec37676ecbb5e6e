package org.vdpacompute.app.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vdpacompute.app.servers.ServerFixture.SERVERS;
import static org.vdpacompute.app.servers.ServerFixture.WAIT;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.agent.HostLogging;
import org.vdpacompute.api.LogCapture;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.allinone.CloudApi;
import org.vdpacompute.controller.identity.Role;

/**
 * Boot and delete over HTTP on two reference hosts (CONTRACT sections 3 and 5): after each step the
 * devices of the host as {@code os-pci-devices} shows them, the port's binding, and the guest's
 * domain XML on the host it runs on.
 */
class ServerBootDeleteTest {
  @TempDir static Path dir;
  private static AllInOneCloud cloud;
  private static ServerFixture f;

  @BeforeAll
  static void start() throws Exception {
    cloud = AllInOneCloud.start(dir, 0, 2);
    f = new ServerFixture(cloud, dir);
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  /** A test that failed half way leaves no server for the next to trip over. */
  @AfterEach
  void deleteEveryServer() throws Exception {
    f.deleteEveryServer();
  }

  /** Two hosts' agents share this process: each of their lines names the host it is about. */
  @Test
  void everyAgentLineNamesItsHost() throws Exception {
    List<ILoggingEvent> captured;
    String server;
    String host;
    try (LogCapture agents = LogCapture.info("org.vdpacompute.agent")) {
      server = f.boot("{\"port\": \"" + f.port("vdpa") + "\"}");
      host = f.hostOf(server);
      f.delete(server);
      captured = agents.events();
    }
    // Other clouds' agents may log beside this one's: every line names a host, this server's its own.
    assertThat(captured).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKey(HostLogging.MDC_KEY));
    List<ILoggingEvent> ours = captured.stream().filter(e -> e.getFormattedMessage().contains(server)).toList();
    assertThat(ours).anySatisfy(e -> assertThat(e.getFormattedMessage()).startsWith("starting guest " + server));
    assertThat(ours).extracting(e -> e.getMDCPropertyMap().get(HostLogging.MDC_KEY)).containsOnly(host);
  }

  @Test
  void aVdpaPortGetsAVdpaDeviceItsParentIsHeldAndDeleteGivesBothBack() throws Exception {
    String port = f.port("vdpa");
    String server = f.boot("{\"port\": \"" + port + "\"}");
    String host = f.hostOf(server);
    Map<String, Integer> counts = f.statusCounts(host);
    assertThat(f.total(counts)).isEqualTo(5);
    assertThat(counts.get("available")).as("the VF and its PF are taken: %s", counts).isEqualTo(3);
    JsonNode device = f.deviceOf(host, server);
    assertThat(device.get("dev_type").asText()).isEqualTo("vdpa");
    assertThat(device.get("status").asText()).isEqualTo("allocated");
    assertThat(f.statusOf(host, "0000:06:00.0")).isEqualTo("unavailable");
    JsonNode bound = f.portJson(port);
    assertThat(bound.get("binding:host_id").asText()).isEqualTo(host);
    assertThat(bound.get("device_id").asText()).isEqualTo(server);
    assertThat(bound.get("device_owner").asText()).isEqualTo("compute:nova");
    assertThat(bound.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(bound.get("binding:profile").get("pci_slot").asText()).isEqualTo(device.get("address").asText());
    assertThat(bound.get("binding:profile").get("pci_vendor_info").asText()).isEqualTo("15b3:101e");
    assertThat(bound.get("binding:profile").get("physical_network").asText()).isEqualTo("physnet4");
    String xml = f.domainXml(host, server);
    assertThat(xml).contains("<interface type=\"vdpa\">")
        .contains("<source dev=\"" + device.get("vdpa_path").asText() + "\"/>")
        .contains("<mac address=\"" + bound.get("mac_address").asText() + "\"/>");

    f.delete(server);
    assertThat(f.statusCounts(host)).containsOnly(Map.entry("available", 5));
    JsonNode released = f.portJson(port);
    assertThat(released.get("binding:host_id").asText()).isEmpty();
    assertThat(released.get("device_id").asText()).isEmpty();
    assertThat(released.get("binding:profile")).isEmpty();
    assertThat(f.domainFile(host, server)).doesNotExist();
  }

  @Test
  void aDirectPhysicalPortGetsThePfWholeAndItsVfsAreHeldUntilDelete() throws Exception {
    String port = f.port("direct-physical");
    String server = f.boot("{\"port\": \"" + port + "\"}");
    String host = f.hostOf(server);
    assertThat(f.statusOf(host, "0000:06:00.0")).isEqualTo("allocated");
    assertThat(f.statusCounts(host)).containsOnly(Map.entry("allocated", 1), Map.entry("unavailable", 4));
    JsonNode bound = f.portJson(port);
    assertThat(bound.get("binding:profile").get("pci_slot").asText()).isEqualTo("0000:06:00.0");
    assertThat(bound.get("binding:profile").get("pci_vendor_info").asText()).isEqualTo("15b3:101d");
    assertThat(bound.get("binding:vif_type").asText()).isEqualTo("hostdev_physical");
    assertThat(f.domainXml(host, server)).contains("<hostdev managed=\"yes\" mode=\"subsystem\" type=\"pci\">")
        .contains("bus=\"0x06\"").contains("function=\"0x0\"");
    f.delete(server);
    assertThat(f.statusCounts(host)).containsOnly(Map.entry("available", 5));
  }

  @Test
  void aNetworkGetsANormalPortMadeForTheServerAndGoneWithIt() throws Exception {
    String server = f.boot("{\"uuid\": \"" + f.network + "\"}");
    String host = f.hostOf(server);
    assertThat(f.statusCounts(host)).containsOnly(Map.entry("available", 5));
    JsonNode ports = f.demo.get("/networking/v2.0/ports?device_id=" + server).get("ports");
    assertThat(ports).hasSize(1);
    JsonNode made = ports.get(0);
    assertThat(made.get("binding:vnic_type").asText()).isEqualTo("normal");
    assertThat(made.get("binding:host_id").asText()).isEqualTo(host);
    assertThat(made.get("binding:profile")).isEmpty();
    String address = made.at("/fixed_ips/0/ip_address").asText();
    JsonNode shown = f.demo.get(SERVERS + "/" + server).get("server");
    assertThat(shown.at("/addresses/physnet4-net/0/addr").asText()).isEqualTo(address);
    assertThat(shown.at("/addresses/physnet4-net/0/OS-EXT-IPS-MAC:mac_addr").asText()).isEqualTo(made.get("mac_address").asText());
    assertThat(f.domainXml(host, server)).contains("<interface type=\"bridge\">");
    f.delete(server);
    f.demo.expect(404, "GET", "/networking/v2.0/ports/" + made.get("id").asText(), null);
  }

  @Test
  void aServerWithoutNetworksNeedsNoDevice() throws Exception {
    JsonNode accepted = f.demo.call("POST", SERVERS, "{\"server\": {\"name\": \"alone\", \"imageRef\": \"" + f.image()
        + "\", \"flavorRef\": \"vdpa\", \"networks\": \"none\"}}", "2.37").json();
    String server = accepted.at("/server/id").asText();
    JsonNode active = f.awaitActive(server);
    assertThat(active.get("addresses")).isEmpty();
    f.delete(server);
  }

  @Test
  void concurrentBootsNeverShareADeviceAndTheOneTooManyFailsWithAFault() throws Exception {
    int devices = 8;
    List<String> ports = new ArrayList<>();
    for (int k = 0; k <= devices; k++) ports.add(f.port("vdpa"));
    ExecutorService clients = Executors.newFixedThreadPool(devices + 1);
    List<Future<String>> boots = new ArrayList<>();
    for (String p : ports) {
      boots.add(clients.submit(() -> f.demo.expect(202, "POST", SERVERS, f.serverBody("burst", "{\"port\": \"" + p + "\"}"))
          .at("/server/id").asText()));
    }
    List<String> servers = new ArrayList<>();
    for (Future<String> f : boots) servers.add(f.get());
    clients.shutdown();
    Set<String> slots = new HashSet<>();
    List<JsonNode> failed = new ArrayList<>();
    for (String s : servers) {
      JsonNode done = f.demo.awaitJson(SERVERS + "/" + s, j -> !j.at("/server/status").asText().equals("BUILD"), WAIT).get("server");
      if (done.get("status").asText().equals("ERROR")) {
        failed.add(done);
      } else {
        assertThat(done.get("status").asText()).isEqualTo("ACTIVE");
        JsonNode port = f.portJson(ports.get(servers.indexOf(s)));
        assertThat(slots.add(port.get("binding:host_id").asText() + "/" + port.at("/binding:profile/pci_slot").asText()))
            .as("one device, one guest").isTrue();
      }
    }
    assertThat(slots).hasSize(devices);
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).at("/fault/message").asText()).isEqualTo("No valid host was found. None of the 2 "
        + "candidate hosts can take the server: 2 refused by PciPassthroughFilter (no free vdpa device on physnet4).");
    assertThat(failed.get(0).at("/fault/code").asInt()).isEqualTo(500);
    String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + cloud.port() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).containsPattern("vdpa_scheduling_requests_total\\{outcome=\"placed\"\\} ([89]|[1-9][0-9]+)\\.0")
        .containsPattern("vdpa_scheduling_requests_total\\{outcome=\"no_valid_host\"\\} [1-9][0-9]*\\.0");
    for (String s : servers) f.delete(s);
    assertThat(f.statusCounts("compute-0")).containsOnly(Map.entry("available", 5));
    assertThat(f.statusCounts("compute-1")).containsOnly(Map.entry("available", 5));
    for (String p : ports) assertThat(f.portJson(p).get("device_id").asText()).isEmpty();
  }

  @Test
  void badRequestsAreRefusedAndChangeNothing() throws Exception {
    String port = f.port("vdpa");
    String server = f.boot("{\"port\": \"" + port + "\"}");
    CloudApi.Answer inUse = f.demo.call("POST", SERVERS, f.serverBody("second", "{\"port\": \"" + port + "\"}"));
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(inUse.body()).contains("conflictingRequest").contains("Port " + port + " is still in use");
    assertThat(f.demo.call("POST", SERVERS, "{\"server\": {\"name\": ").status()).isEqualTo(400);
    CloudApi.Answer unknownField = f.demo.call("POST", SERVERS, "{\"server\": {\"name\": \"x\", \"imageRef\": \"" + f.image()
        + "\", \"flavorRef\": \"vdpa\", \"networks\": [], \"key_name\": \"k\"}}");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.body()).contains("key_name");
    CloudApi.Answer noFlavor = f.demo.call("POST", SERVERS, "{\"server\": {\"name\": \"x\", \"imageRef\": \"" + f.image()
        + "\", \"flavorRef\": \"no-such\", \"networks\": []}}");
    assertThat(noFlavor.status()).isEqualTo(400);
    assertThat(noFlavor.body()).contains("Flavor no-such could not be found");
    CloudApi.Answer badPort = f.demo.call("POST", SERVERS, f.serverBody("x", "{\"port\": \"no-such-port\"}"));
    assertThat(badPort.status()).isEqualTo(400);
    assertThat(f.demo.get(SERVERS).get("servers")).hasSize(1);

    CloudApi other = otherProject();
    assertThat(other.call("GET", SERVERS + "/" + server, null).status()).isEqualTo(404);
    assertThat(other.call("DELETE", SERVERS + "/" + server, null).status()).isEqualTo(404);
    assertThat(other.get(SERVERS + "/detail").get("servers")).isEmpty();
    assertThat(CloudApi.anonymous(cloud).call("GET", SERVERS, null).status()).isEqualTo(401);
    assertThat(f.admin.get(SERVERS + "/detail?all_tenants=1").get("servers")).hasSize(1);
    assertThat(f.demo.call("GET", SERVERS + "/detail?all_tenants=1", null).status()).isEqualTo(403);
    f.delete(server);
  }

  @Test
  void noHostWithEnoughMemoryIsAnErrorThatNamesTheFilter() throws Exception {
    f.admin.expect(200, "POST", "/compute/v2.1/flavors",
        "{\"flavor\": {\"name\": \"m1.huge\", \"id\": \"huge\", \"ram\": 1048576, \"vcpus\": 1, \"disk\": 1}}");
    // Over Nova's default RAM quota too, which a boot meets before the scheduler: lifted for this boot.
    f.withoutRamQuota(this::bootsOnNoHost);
  }

  private void bootsOnNoHost() throws Exception {
    String port = f.port("vdpa");
    String server = f.demo.expect(202, "POST", SERVERS, "{\"server\": {\"name\": \"huge\", \"imageRef\": \"" + f.image()
        + "\", \"flavorRef\": \"huge\", \"networks\": [{\"port\": \"" + port + "\"}]}}").at("/server/id").asText();
    JsonNode failed = f.demo.awaitJson(SERVERS + "/" + server, j -> j.at("/server/status").asText().equals("ERROR"), WAIT)
        .get("server");
    assertThat(failed.at("/fault/message").asText()).contains("2 refused by ResourceFilter (not enough RAM)");
    assertThat(f.statusCounts("compute-0")).containsOnly(Map.entry("available", 5));
    assertThat(f.portJson(port).get("device_id").asText()).as("the failed server keeps its port until deleted").isEqualTo(server);
    f.delete(server);
    assertThat(f.portJson(port).get("device_id").asText()).isEmpty();
  }

  /** Issue 22, item 7: a server that never got a host is deleted at once, as Nova's local delete. */
  @Test
  void aServerThatNeverGotAHostIsGoneAsSoonAsItsDeleteIsAnswered() throws Exception {
    f.admin.call("POST", "/compute/v2.1/flavors",
        "{\"flavor\": {\"name\": \"m1.colossal\", \"id\": \"colossal\", \"ram\": 2097152, \"vcpus\": 1, \"disk\": 1}}");
    f.withoutRamQuota(this::unplacedServersDeleteAtOnce);
  }

  private void unplacedServersDeleteAtOnce() throws Exception {
    String port = f.port("vdpa");
    for (int k = 0; k < 5; k++) {
      String server = f.demo.expect(202, "POST", SERVERS, "{\"server\": {\"name\": \"unplaced\", \"imageRef\": \"" + f.image()
          + "\", \"flavorRef\": \"colossal\", \"networks\": [{\"port\": \"" + port + "\"}]}}").at("/server/id").asText();
      f.demo.awaitJson(SERVERS + "/" + server, j -> j.at("/server/status").asText().equals("ERROR"), WAIT);
      f.demo.expect(204, "DELETE", SERVERS + "/" + server, null);
      assertThat(f.demo.call("GET", SERVERS + "/" + server, null).status()).as("GET right after the delete").isEqualTo(404);
      assertThat(f.portJson(port).get("device_id").asText()).as("the port given back").isEmpty();
    }
  }

  /** A member of another project. */
  private static CloudApi otherProject() throws Exception {
    cloud.controller().identity().bootstrap("rival", "rival", "rival-password", Role.MEMBER);
    return CloudApi.login(cloud, "rival", "rival-password", "rival");
  }
}

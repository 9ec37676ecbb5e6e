package org.vdpacompute.app.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.allinone.CloudApi;
import org.vdpacompute.app.compute.ComputeProcess;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.virt.emulated.TopologyReader;

/**
 * {@code os-scheduling-explain} and the fault of a server that found no host, on a cloud built for
 * the reasons: compute-0 a reference host whose four vDPA devices servers A to D hold, compute-1 a
 * reference host disabled for maintenance, compute-old a host whose libvirt is too old for vDPA.
 */
class SchedulingExplainApiTest {
  private static final String SERVERS = "/compute/v2.1/servers";
  private static final String EXPLAIN = "/compute/v2.1/os-scheduling-explain";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TOO_OLD = "vDPA not supported: libvirt 6.0.0 is older than 6.9.0, the first version that "
      + "supports vDPA";
  @TempDir static Path dir;
  private static AllInOneCloud cloud;
  private static ComputeProcess old;
  private static CloudApi admin;
  private static CloudApi demo;
  private static String network;
  private static String image;

  @BeforeAll
  static void start() throws Exception {
    Path data = dir.resolve("cloud");
    cloud = AllInOneCloud.start(data, 0, 2);
    admin = CloudApi.admin(cloud);
    demo = CloudApi.demo(cloud);
    String reference = new String(TopologyReader.class.getResourceAsStream("reference-topology.json").readAllBytes(),
        StandardCharsets.UTF_8);
    Path oldTopology = Files.writeString(dir.resolve("old-libvirt.json"),
        reference.replace("\"libvirt_version\": \"6.9.0\"", "\"libvirt_version\": \"6.0.0\""));
    Path oldDir = Files.createDirectories(data.resolve("hosts").resolve("compute-old"));
    Path oldConfig = Files.writeString(oldDir.resolve("agent.conf"), AllInOneCloud.emulatedAgentConfig("compute-old", oldDir,
        "http://127.0.0.1:" + cloud.port(), Configuration.load(data.resolve("vdpa-compute.conf")).identity().servicePassword(),
        10, oldTopology, List.of("{\"vendor_id\": \"15b3\", \"physical_network\": \"physnet4\"}")));
    old = ComputeProcess.start(Configuration.load(oldConfig).requireForCompute());
    admin.expect(200, "PUT", "/compute/v2.1/os-services/disable-log-reason",
        "{\"host\": \"compute-1\", \"binary\": \"nova-compute\", \"disabled_reason\": \"maintenance\"}");
    network = demo.get("/networking/v2.0/networks?name=physnet4-net").at("/networks/0/id").asText();
    image = demo.get("/image/v2/images?name=cirros").at("/images/0/id").asText();
    for (String name : List.of("A", "B", "C", "D")) {
      String id = demo.expect(202, "POST", SERVERS, create(name, port(network))).at("/server/id").asText();
      JsonNode s = demo.awaitJson(SERVERS + "/" + id, j -> !j.at("/server/status").asText().equals("BUILD"), WAIT);
      assertThat(s.at("/server/status").asText()).as(s.toString()).isEqualTo("ACTIVE");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    old.close();
    cloud.close();
  }

  private static String port(String net) throws Exception {
    return demo.expect(201, "POST", "/networking/v2.0/ports", "{\"port\": {\"network_id\": \"" + net
        + "\", \"binding:vnic_type\": \"vdpa\"}}").at("/port/id").asText();
  }

  private static String create(String name, String port) {
    return "{\"server\": {\"name\": \"" + name + "\", \"imageRef\": \"" + image + "\", \"flavorRef\": \"vdpa\","
        + " \"networks\": [{\"port\": \"" + port + "\"}]}}";
  }

  /** Host name to its verdict. */
  private static Map<String, JsonNode> byHost(JsonNode explanation) {
    Map<String, JsonNode> hosts = new HashMap<>();
    for (JsonNode h : explanation.get("hosts")) hosts.put(h.get("host").asText(), h);
    return hosts;
  }

  @Test
  void everyHostSaysWhyInItsOwnTerms() throws Exception {
    JsonNode e = admin.expect(200, "POST", EXPLAIN, "{\"server\": {\"flavorRef\": \"vdpa\", \"networks\": [{\"port\": \""
        + port(network) + "\"}]}}").get("scheduling_explanation");
    assertThat(e.get("fits").asBoolean()).isFalse();
    assertThat(e.get("candidate_hosts").asInt()).as("the disabled host is no candidate").isEqualTo(2);
    Map<String, JsonNode> hosts = byHost(e);
    assertThat(hosts.keySet()).containsExactlyInAnyOrder("compute-0", "compute-1", "compute-old");
    assertThat(hosts.get("compute-0").get("filter").asText()).isEqualTo("PciPassthroughFilter");
    assertThat(hosts.get("compute-0").get("reason").asText()).isEqualTo("physnet4: 0 of 4 vdpa devices free (held by servers A, B, C, D)");
    assertThat(hosts.get("compute-1").get("candidate").asBoolean()).isFalse();
    assertThat(hosts.get("compute-1").get("filter").asText()).isEqualTo("ComputeFilter");
    assertThat(hosts.get("compute-1").get("reason").asText()).isEqualTo("disabled: maintenance");
    assertThat(hosts.get("compute-old").get("reason").asText()).isEqualTo(TOO_OLD);
    assertThat(e.get("message").asText()).isEqualTo("No valid host was found. None of the 2 candidate hosts can take the "
        + "server: 1 refused by PciPassthroughFilter (no free vdpa device on physnet4), 1 refused by PciPassthroughFilter "
        + "(vDPA not supported).");
  }

  @Test
  void aPortOnAnotherPhysicalNetworkAndATooLargeFlavorAreExplained() throws Exception {
    String physnet7 = admin.expect(201, "POST", "/networking/v2.0/networks", "{\"network\": {\"name\": \"physnet7-net\","
        + " \"shared\": true, \"provider:network_type\": \"vlan\", \"provider:physical_network\": \"physnet7\","
        + " \"provider:segmentation_id\": 77}}").at("/network/id").asText();
    Map<String, JsonNode> elsewhere = byHost(admin.expect(200, "POST", EXPLAIN, "{\"server\": {\"flavorRef\": \"vdpa\","
        + " \"networks\": [{\"port\": \"" + port(physnet7) + "\"}]}}").get("scheduling_explanation"));
    assertThat(elsewhere.get("compute-0").get("reason").asText())
        .isEqualTo("no vdpa device on physnet7 (this host's vdpa devices are on physnet4)");
    admin.expect(200, "POST", "/compute/v2.1/flavors",
        "{\"flavor\": {\"name\": \"m1.explain-huge\", \"id\": \"explain-huge\", \"ram\": 1048576, \"vcpus\": 1, \"disk\": 1}}");
    int ports = admin.get("/networking/v2.0/ports").get("ports").size();
    Map<String, JsonNode> huge = byHost(admin.expect(200, "POST", EXPLAIN,
        "{\"server\": {\"flavorRef\": \"explain-huge\", \"networks\": [{\"uuid\": \"" + network + "\"}]}}").get("scheduling_explanation"));
    assertThat(huge.get("compute-old").get("filter").asText()).isEqualTo("ResourceFilter");
    assertThat(huge.get("compute-old").get("reason").asText()).startsWith("RAM: 1048576 MB asked, ");
    assertThat(admin.get("/networking/v2.0/ports").get("ports")).as("explaining a network's interface makes no port")
        .hasSize(ports);
  }

  @Test
  void aMemberIsRefusedAndBadBodiesAreRefusedWithTheReason() throws Exception {
    CloudApi.Answer member = demo.call("POST", EXPLAIN, "{\"server\": {\"flavorRef\": \"vdpa\", \"networks\": \"none\"}}");
    assertThat(member.status()).isEqualTo(403);
    assertThat(member.json().at("/forbidden/message").asText())
        .isEqualTo("Policy doesn't allow os_compute_api:os-scheduling-explain to be performed.");
    for (String[] bad : new String[][] {
        {"{\"server\": {\"networks\": []}}", "'flavorRef' is a required property"},
        {"{\"server\": {\"flavorRef\": \"nope\", \"networks\": []}}", "Flavor nope could not be found."},
        {"{\"server\": {\"flavorRef\": \"vdpa\", \"networks\": [{\"port\": \"nope\"}]}}", "Port nope could not be found."},
        {"{\"server\": {\"flavorRef\": \"vdpa\", \"key_name\": \"k\"}}", "key_name"},
        {"{\"flavorRef\": \"vdpa\"}", "server"}}) {
      CloudApi.Answer a = admin.call("POST", EXPLAIN, bad[0]);
      assertThat(a.status()).as(bad[0] + ": " + a.body()).isEqualTo(400);
      assertThat(a.json().at("/badRequest/message").asText()).as(bad[0]).contains(bad[1]);
    }
  }

  @Test
  void aServerThatFoundNoHostCarriesTheReasonsForAdminsAndASummaryForItsOwner() throws Exception {
    String id = demo.expect(202, "POST", SERVERS, create("E", port(network))).at("/server/id").asText();
    JsonNode mine = demo.awaitJson(SERVERS + "/" + id, j -> j.at("/server/status").asText().equals("ERROR"), WAIT)
        .at("/server/fault");
    assertThat(mine.get("message").asText()).isEqualTo("No valid host was found. None of the 2 candidate hosts can take "
        + "the server: 1 refused by PciPassthroughFilter (no free vdpa device on physnet4), 1 refused by "
        + "PciPassthroughFilter (vDPA not supported).");
    assertThat(mine.has("details")).as("a member sees no host names").isFalse();
    JsonNode seenByAdmin = admin.get(SERVERS + "/" + id).at("/server/fault");
    assertThat(seenByAdmin.get("details").asText()).isEqualTo(String.join("\n",
        "compute-0: PciPassthroughFilter: physnet4: 0 of 4 vdpa devices free (held by servers A, B, C, D)",
        "compute-old: PciPassthroughFilter: " + TOO_OLD,
        "compute-1 (not a candidate): ComputeFilter: disabled: maintenance"));
    demo.expect(204, "DELETE", SERVERS + "/" + id, null);
  }
}

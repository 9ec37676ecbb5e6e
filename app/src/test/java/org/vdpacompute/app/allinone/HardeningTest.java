package org.vdpacompute.app.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.agent.protocol.AgentJson;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.app.allinone.CloudApi.Answer;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.core.pci.PciAddress;

/**
 * Requests that got a 500, or more than the caller's roles allow, when a running cloud was tried
 * with bad input and other people's tokens: each is refused with a 4xx in the service's shape, with
 * a message, and changes nothing.
 */
class HardeningTest {
  @TempDir static Path dir;
  private static AllInOneCloud cloud;
  private static CloudApi admin;
  private static CloudApi demo;
  private static CloudApi service;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    // A data directory the cloud makes itself, as on a first start.
    cloud = AllInOneCloud.start(dir.resolve("data"), 0, 1);
    admin = CloudApi.admin(cloud);
    demo = CloudApi.demo(cloud);
    String servicePassword = Configuration.load(dir.resolve("data").resolve(AllInOneCloud.CONFIG)).identity().servicePassword();
    service = CloudApi.login(cloud, "vdpa-compute", servicePassword, "service");
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  private static String network() throws Exception {
    return admin.get("/networking/v2.0/networks?name=physnet4-net").at("/networks/0/id").asText();
  }

  // Authorization

  @Test
  void aMemberMayNotWriteBindingProfileOnCreateNorOnUpdate() throws Exception {
    int ports = demo.get("/networking/v2.0/ports").get("ports").size();
    Answer create = demo.call("POST", "/networking/v2.0/ports", "{\"port\": {\"network_id\": \"" + network()
        + "\", \"binding:vnic_type\": \"vdpa\", \"binding:profile\": {\"pci_slot\": \"0000:06:00.1\", \"trusted\": true}}}");
    assertThat(create.status()).as(create.body()).isEqualTo(403);
    assertThat(create.json().at("/NeutronError/type").asText()).isEqualTo("PolicyNotAuthorized");
    assertThat(create.json().at("/NeutronError/message").asText())
        .isEqualTo("(rule:create_port and rule:create_port:binding:profile) is disallowed by policy");
    assertThat(demo.get("/networking/v2.0/ports").get("ports")).hasSize(ports);

    String port = demo.expect(201, "POST", "/networking/v2.0/ports", "{\"port\": {\"network_id\": \"" + network() + "\"}}")
        .at("/port/id").asText();
    Answer update = demo.call("PUT", "/networking/v2.0/ports/" + port, "{\"port\": {\"binding:profile\": {\"trusted\": true}}}");
    assertThat(update.status()).as(update.body()).isEqualTo(403);
    assertThat(update.json().at("/NeutronError/message").asText()).contains("update_port:binding:profile");
    assertThat(demo.get("/networking/v2.0/ports/" + port).at("/port/binding:profile").size()).isZero();
    // Administrators and services write it, as in Neutron.
    admin.expect(200, "PUT", "/networking/v2.0/ports/" + port, "{\"port\": {\"binding:profile\": {\"trusted\": true}}}");
    assertThat(demo.get("/networking/v2.0/ports/" + port).at("/port/binding:profile/trusted").asBoolean()).isTrue();
  }

  @Test
  void onlyATokensOwnerAServiceOrAnAdminMayValidateOrRevokeIt() throws Exception {
    String subject = CloudApi.admin(cloud).token();
    for (String method : List.of("GET", "HEAD", "DELETE")) {
      HttpResponse<String> r = tokens(method, demo.token(), subject);
      assertThat(r.statusCode()).as(method + " " + r.body()).isEqualTo(403);
      if (!method.equals("HEAD")) {
        assertThat(ApiServer.JSON.readTree(r.body()).at("/error/message").asText())
            .startsWith("You are not authorized to perform the requested action: identity:");
      }
    }
    assertThat(tokens("GET", subject, subject).statusCode()).as("its owner").isEqualTo(200);
    assertThat(tokens("HEAD", service.token(), subject).statusCode()).as("a service").isEqualTo(200);
    assertThat(tokens("GET", admin.token(), subject).statusCode()).as("an admin").isEqualTo(200);
    assertThat(tokens("HEAD", admin.token(), "made-up").statusCode()).as("an unknown subject").isEqualTo(404);
    assertThat(tokens("DELETE", subject, subject).statusCode()).as("its owner revokes it").isEqualTo(204);
    assertThat(tokens("GET", admin.token(), subject).statusCode()).isEqualTo(404);
  }

  private static HttpResponse<String> tokens(String method, String auth, String subject) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port() + "/identity/v3/auth/tokens"))
        .method(method, HttpRequest.BodyPublishers.noBody()).header("X-Auth-Token", auth).header("X-Subject-Token", subject)
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theHostHeaderIsNeverCopiedIntoTheCatalogNorLinks() throws Exception {
    String body = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"demo\","
        + " \"domain\": {\"name\": \"Default\"}, \"password\": \"" + org.vdpacompute.app.cloud.CloudsYaml.password(
            cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD) + "\"}}}, \"scope\": {\"project\": {\"name\": \"demo\","
        + " \"domain\": {\"name\": \"Default\"}}}}}";
    for (String[] call : new String[][] {{"POST", "/identity/v3/auth/tokens", body}, {"GET", "/identity/v3", null},
        {"GET", "/compute/v2.1", null}, {"GET", "/networking", null}, {"GET", "/image/versions", null}}) {
      String answer = raw(call[0], call[1], "evil.example:6666", call[2]);
      assertThat(answer).as(call[1]).doesNotContain("evil.example").contains("http://127.0.0.1:" + cloud.port() + "/");
    }
  }

  /** A request written by hand, since the JDK's client will not send another Host header. */
  private static String raw(String method, String path, String host, String body) throws Exception {
    try (Socket s = new Socket("127.0.0.1", cloud.port())) {
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theDatabaseAndTheSecretsAreReadableByTheirOwnerOnly() throws Exception {
    Path data = dir.resolve("data");
    List<Path> secrets = new java.util.ArrayList<>();
    try (var files = java.nio.file.Files.list(data)) {
      files.filter(f -> f.getFileName().toString().startsWith("vdpa-compute.")).forEach(secrets::add);
    }
    assertThat(secrets).extracting(f -> f.getFileName().toString()).contains("vdpa-compute.mv.db", "vdpa-compute.conf");
    secrets.add(data.resolve(AllInOneCloud.CLOUDS));
    secrets.add(data.resolve("hosts/compute-0").resolve(AllInOneCloud.CONFIG));
    for (Path f : secrets) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(f)))
          .as(f.toString()).isEqualTo("rw-------");
    }
    for (Path d : List.of(data, data.resolve("hosts"), data.resolve("hosts/compute-0"))) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(d)))
          .as(d.toString()).isEqualTo("rwx------");
    }
  }

  // Bad input

  @Test
  void aMicroversionOfTooManyDigitsIsNotAcceptableAndAMalformedOneABadRequest() throws Exception {
    for (String version : List.of("2.99999999999", "2.61", "3.0", "99999999999999999999.1")) {
      Answer a = demo.call("GET", "/compute/v2.1/servers", null, version);
      assertThat(a.status()).as(version + ": " + a.body()).isEqualTo(406);
      assertThat(a.json().at("/computeFault/message").asText()).isEqualTo("Version " + version
          + " is not supported by the API. Minimum is 2.1 and maximum is 2.60.");
    }
    HttpResponse<String> legacy = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port()
        + "/compute/v2.1/flavors")).header("X-Auth-Token", demo.token()).header("X-OpenStack-Nova-API-Version",
        "2.99999999999").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(legacy.statusCode()).as(legacy.body()).isEqualTo(406);
    for (String version : List.of("2.x", "2.01", "02.1", "2", "2.1.1", "LATEST")) {
      Answer a = demo.call("GET", "/compute/v2.1/servers", null, version);
      assertThat(a.status()).as(version + ": " + a.body()).isEqualTo(400);
      assertThat(a.json().at("/badRequest/message").asText()).contains(version);
    }
    assertThat(CloudApi.anonymous(cloud).call("GET", "/compute/v2.1/servers", null, "2.99999999999").status()).isEqualTo(401);
  }

  @Test
  void flavorIdsAndNamesAreValidatedAsNovaDoes() throws Exception {
    int flavors = admin.get("/compute/v2.1/flavors?is_public=None").get("flavors").size();
    for (String id : List.of("%2e%2e", "../../etc/passwd", "x/y", " lead", "trail ", "", "a".repeat(256), "a\u0000b", "..", "."))  {
      Answer a = admin.call("POST", "/compute/v2.1/flavors", "{\"flavor\": {\"name\": \"f\", \"id\": "
          + ApiServer.JSON.writeValueAsString(id) + ", \"ram\": 64, \"vcpus\": 1, \"disk\": 1}}");
      assertThat(a.status()).as("id '" + id + "': " + a.body()).isEqualTo(400);
      assertThat(a.json().at("/badRequest/message").asText()).as(id).isNotBlank();
    }
    for (String name : List.of(" lead", "trail ", "", "a\u0000b", "tab\tinside", "a".repeat(256))) {
      Answer a = admin.call("POST", "/compute/v2.1/flavors", "{\"flavor\": {\"name\": "
          + ApiServer.JSON.writeValueAsString(name) + ", \"ram\": 64, \"vcpus\": 1, \"disk\": 1}}");
      assertThat(a.status()).as("name '" + name + "': " + a.body()).isEqualTo(400);
    }
    for (String rxtx : List.of("0", "-1", "1e39", "\"abc\"", "{}", "\"1.5x\"")) {
      Answer a = admin.call("POST", "/compute/v2.1/flavors", "{\"flavor\": {\"name\": \"r\", \"ram\": 64, \"vcpus\": 1,"
          + " \"disk\": 1, \"rxtx_factor\": " + rxtx + "}}");
      assertThat(a.status()).as("rxtx_factor " + rxtx + ": " + a.body()).isEqualTo(400);
    }
    assertThat(admin.get("/compute/v2.1/flavors?is_public=None").get("flavors")).hasSize(flavors);
    // What Nova takes: ids of letters, digits, '.', '_', '-' and inner spaces, or numbers; rxtx as a number or its text.
    for (String id : List.of("\"my flavor.1_a-b\"", "42")) {
      admin.expect(200, "POST", "/compute/v2.1/flavors", "{\"flavor\": {\"name\": \"ok " + id.replace("\"", "")
          + "\", \"id\": " + id + ", \"ram\": 64, \"vcpus\": 1, \"disk\": 1, \"rxtx_factor\": \"2.5\"}}");
    }
    assertThat(admin.get("/compute/v2.1/flavors/42").at("/flavor/rxtx_factor").asDouble()).isEqualTo(2.5);
  }

  @Test
  void aNetworkNameWithNulOrAnMtuOutOfBoundsIsRefused() throws Exception {
    int networks = admin.get("/networking/v2.0/networks").get("networks").size();
    for (String body : List.of("{\"network\": {\"name\": \"a\\u0000b\"}}", "{\"network\": {\"name\": \"n\", \"mtu\": 65536}}",
        "{\"network\": {\"name\": \"n\", \"mtu\": -1}}", "{\"network\": {\"name\": \"n\", \"mtu\": 67}}",
        "{\"network\": {\"name\": \"" + "n".repeat(256) + "\"}}")) {
      Answer a = admin.call("POST", "/networking/v2.0/networks", body);
      assertThat(a.status()).as(body + ": " + a.body()).isEqualTo(400);
      assertThat(a.json().at("/NeutronError/message").asText()).isNotBlank();
    }
    assertThat(admin.get("/networking/v2.0/networks").get("networks")).hasSize(networks);
    // 0 is Neutron's "not set": the default MTU, never a network of MTU 0.
    String unset = admin.expect(201, "POST", "/networking/v2.0/networks", "{\"network\": {\"name\": \"n\", \"mtu\": 0}}")
        .at("/network/id").asText();
    assertThat(admin.get("/networking/v2.0/networks/" + unset).at("/network/mtu").asInt()).isEqualTo(1500);
    admin.expect(204, "DELETE", "/networking/v2.0/networks/" + unset, null);
  }

  @Test
  void aBodyOverTheSizeLimitIsRefusedInTheServicesShape() throws Exception {
    String big = "{\"flavor\": {\"name\": \"" + "x".repeat(2_000_000) + "\", \"ram\": 64, \"vcpus\": 1, \"disk\": 1}}";
    Answer sized = admin.call("POST", "/compute/v2.1/flavors", big);
    assertThat(sized.status()).isEqualTo(413);
    assertThat(sized.json().at("/overLimit/code").asInt()).isEqualTo(413);
    assertThat(sized.json().at("/overLimit/message").asText()).isNotBlank();
    // Without a Content-Length (chunked), too.
    HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port()
        + "/networking/v2.0/networks")).header("X-Auth-Token", admin.token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
            ("{\"network\": {\"name\": \"" + "x".repeat(2_000_000) + "\"}}").getBytes(StandardCharsets.UTF_8))))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(ApiServer.JSON.readTree(chunked.body()).at("/NeutronError/message").asText()).isNotBlank();
  }

  @Test
  void unknownUrlsAddNoLabelValuesToTheMetrics() throws Exception {
    for (String path : List.of("/zzz-unknown-1", "/zzz-unknown-2/x", "/compute/v2.1/zzz-unknown-3")) {
      CloudApi.anonymous(cloud).call("GET", path, null);
    }
    admin.get("/compute/v2.1/servers/detail");
    String metrics = CloudApi.anonymous(cloud).call("GET", "/metrics", null).body();
    assertThat(metrics).doesNotContain("zzz-unknown").contains("route=\"/compute/v2.1/servers/detail\"");
  }

  // The agents' API

  private static Answer register(String host, String body) throws Exception {
    return service.call("PUT", "/agent/v1/hosts/" + host, body);
  }

  @Test
  void theAgentsApiRefusesBadReportsAndRegistersNothingOfThem() throws Exception {
    PciAddress vf = PciAddress.parse("0000:06:00.1");
    String good = AgentJson.mapper().writeValueAsString(HostReports.report("compute-7", "http://127.0.0.1:1", vf));
    ObjectNode negative = (ObjectNode) ApiServer.JSON.readTree(good);
    negative.put("vcpus", -4);
    ObjectNode negativeCell = (ObjectNode) ApiServer.JSON.readTree(good);
    ((ObjectNode) negativeCell.at("/numaCells/0")).put("memoryMb", -1);
    ObjectNode ftp = (ObjectNode) ApiServer.JSON.readTree(good);
    ftp.put("agentUrl", "ftp://127.0.0.1/");
    String[][] bad = {
        {"compute-7", AgentJson.mapper().writeValueAsString(HostReports.report("compute-7", "http://127.0.0.1:1", vf, vf)), "duplicate"},
        {"compute-7", "null", "report"},
        {"compute-7", "", "report"},
        {"compute-7", "[]", "report"},
        {"h".repeat(300), AgentJson.mapper().writeValueAsString(HostReports.report("h".repeat(300), "http://127.0.0.1:1", vf)), "255"},
        {"compute-7%20", AgentJson.mapper().writeValueAsString(HostReports.report("compute-7 ", "http://127.0.0.1:1", vf)), "host"},
        {"a%2Fb", AgentJson.mapper().writeValueAsString(HostReports.report("a/b", "http://127.0.0.1:1", vf)), "host"},
        {"compute-7", negative.toString(), "vcpus"},
        {"compute-7", negativeCell.toString(), "memory"},
        {"compute-7", ftp.toString(), "http"}};
    for (String[] b : bad) {
      Answer a = register(b[0], b[1]);
      assertThat(a.status()).as(b[0] + " " + b[2] + ": " + a.body()).isEqualTo(400);
      JsonNode fault = a.json().at("/badRequest/message");
      assertThat(fault.asText()).as(b[2]).containsIgnoringCase(b[2]).doesNotContain("jdbc:");
    }
    assertThat(admin.get("/compute/v2.1/os-services").toString()).doesNotContain("compute-7").doesNotContain("hhhh");
    assertThat(admin.get("/compute/v2.1/os-pci-devices").toString()).doesNotContain("compute-7");
    // The good report registers, with its device (the one its device_spec whitelists).
    assertThat(register("compute-7", good).status()).isEqualTo(200);
    assertThat(admin.get("/compute/v2.1/os-pci-devices?host=compute-7").at("/pci_devices/0/address").asText())
        .isEqualTo("0000:06:00.1");
  }

  @Test
  void aHeartbeatOfAnUnknownOrMalformedHostIsRefused() throws Exception {
    assertThat(service.call("POST", "/agent/v1/hosts/nowhere/heartbeat", null).status()).isEqualTo(404);
    Answer nul = service.call("POST", "/agent/v1/hosts/a%00b/heartbeat", null);
    assertThat(nul.status()).as(nul.body()).isEqualTo(400);
  }
}

package org.vdpacompute.app.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.app.cloud.CloudsYaml;

/**
 * Every endpoint of the cloud with no token, with a member's token, and (for per-project
 * resources) with another project's token: 401, 403 for admin-only calls, 404 for what belongs to
 * another project.
 */
class AuthorizationMatrixTest {
  @TempDir static Path dir;
  private static AllInOneCloud cloud;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static String admin;
  private static String demo;

  /** One call: method, path, and a body for writes. */
  record Call(String method, String path, String body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static final List<Call> EVERY_PROTECTED_CALL = List.of(
      new Call("GET", "/compute/v2.1/flavors", null),
      new Call("GET", "/compute/v2.1/flavors/detail", null),
      new Call("GET", "/compute/v2.1/flavors/1", null),
      new Call("POST", "/compute/v2.1/flavors", "{\"flavor\": {\"name\": \"x\", \"ram\": 64, \"vcpus\": 1, \"disk\": 1}}"),
      new Call("DELETE", "/compute/v2.1/flavors/1", null),
      new Call("POST", "/compute/v2.1/flavors/1/os-extra_specs", "{\"extra_specs\": {\"a\": \"b\"}}"),
      new Call("GET", "/compute/v2.1/servers", null),
      new Call("GET", "/compute/v2.1/servers/detail", null),
      new Call("GET", "/compute/v2.1/os-services", null),
      new Call("PUT", "/compute/v2.1/os-services/disable", "{\"host\": \"compute-0\", \"binary\": \"nova-compute\"}"),
      new Call("GET", "/compute/v2.1/os-hypervisors", null),
      new Call("GET", "/compute/v2.1/os-hypervisors/detail", null),
      new Call("GET", "/compute/v2.1/os-pci-devices?host=compute-0", null),
      new Call("POST", "/compute/v2.1/os-scheduling-explain", "{\"server\": {\"flavorRef\": \"vdpa\", \"networks\": []}}"),
      new Call("GET", "/networking/v2.0/networks", null),
      new Call("POST", "/networking/v2.0/networks", "{\"network\": {\"name\": \"n\", \"provider:network_type\": \"vlan\","
          + " \"provider:physical_network\": \"physnet4\", \"provider:segmentation_id\": 7}}"),
      new Call("GET", "/networking/v2.0/subnets", null),
      new Call("GET", "/networking/v2.0/ports", null),
      new Call("PUT", "/agent/v1/hosts/compute-9", "{}"),
      new Call("POST", "/agent/v1/hosts/compute-0/heartbeat", null));

  private static final List<String> ADMIN_ONLY = List.of(
      "POST /compute/v2.1/flavors", "DELETE /compute/v2.1/flavors/1", "POST /compute/v2.1/flavors/1/os-extra_specs",
      "GET /compute/v2.1/os-services", "PUT /compute/v2.1/os-services/disable", "GET /compute/v2.1/os-hypervisors",
      "GET /compute/v2.1/os-hypervisors/detail", "GET /compute/v2.1/os-pci-devices?host=compute-0",
      "POST /compute/v2.1/os-scheduling-explain",
      "POST /networking/v2.0/networks", "PUT /agent/v1/hosts/compute-9", "POST /agent/v1/hosts/compute-0/heartbeat");

  @BeforeAll
  static void start() throws Exception {
    cloud = AllInOneCloud.start(dir, 0, 1);
    admin = login("admin", CloudsYaml.password(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD), "admin");
    demo = login("demo", CloudsYaml.password(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD), "demo");
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  private static String login(String user, String password, String project) throws Exception {
    String body = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"" + user
        + "\", \"domain\": {\"name\": \"Default\"}, \"password\": \"" + password + "\"}}}, \"scope\": {\"project\": "
        + "{\"name\": \"" + project + "\", \"domain\": {\"name\": \"Default\"}}}}}";
    HttpResponse<String> r = send(new Call("POST", "/identity/v3/auth/tokens", body), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  private static HttpResponse<String> send(Call call, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port() + call.path()))
        .header("Content-Type", "application/json")
        .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call.body()));
    if (token != null) b.header("X-Auth-Token", token);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyProtectedCallWithoutATokenIs401() throws Exception {
    for (Call call : EVERY_PROTECTED_CALL) {
      assertThat(send(call, null).statusCode()).as(call.toString()).isEqualTo(401);
      assertThat(send(call, "not-a-token").statusCode()).as(call.toString()).isEqualTo(401);
    }
  }

  @Test
  void aMemberIsRefusedEveryAdminOnlyCallAndServedTheRest() throws Exception {
    for (Call call : EVERY_PROTECTED_CALL) {
      int status = send(call, demo).statusCode();
      if (ADMIN_ONLY.contains(call.toString())) {
        assertThat(status).as(call.toString()).isEqualTo(403);
      } else {
        assertThat(status).as(call.toString()).isEqualTo(200);
      }
    }
  }

  @Test
  void anotherProjectsPortIsNotFound() throws Exception {
    String network = ApiServer.JSON.readTree(send(new Call("GET", "/networking/v2.0/networks?name=physnet4-net", null), admin).body())
        .at("/networks/0/id").asText();
    HttpResponse<String> made = send(new Call("POST", "/networking/v2.0/ports",
        "{\"port\": {\"network_id\": \"" + network + "\", \"name\": \"admins\"}}"), admin);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    String port = ApiServer.JSON.readTree(made.body()).at("/port/id").asText();
    assertThat(send(new Call("GET", "/networking/v2.0/ports/" + port, null), demo).statusCode()).isEqualTo(404);
    assertThat(send(new Call("DELETE", "/networking/v2.0/ports/" + port, null), demo).statusCode()).isEqualTo(404);
    assertThat(send(new Call("PUT", "/networking/v2.0/ports/" + port, "{\"port\": {\"name\": \"mine\"}}"), demo).statusCode())
        .isEqualTo(404);
    JsonNode listed = ApiServer.JSON.readTree(send(new Call("GET", "/networking/v2.0/ports", null), demo).body());
    assertThat(listed.get("ports")).isEmpty();
    assertThat(send(new Call("GET", "/networking/v2.0/ports/" + port, null), admin).statusCode()).isEqualTo(200);
  }
}

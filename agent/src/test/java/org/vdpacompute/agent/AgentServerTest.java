package org.vdpacompute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.agent.TestCloud.blueprint;
import static org.vdpacompute.agent.TestCloud.vdpaNic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.agent.protocol.AgentJson;
import org.vdpacompute.agent.protocol.AgentPaths;
import org.vdpacompute.agent.protocol.GuestBlueprint;
import org.vdpacompute.agent.protocol.PowerAction;
import org.vdpacompute.controller.agents.AgentClient;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.emulated.EmulatedHypervisor;

/** The agent's listener: the controller's service token commands guests; nothing else does; bad requests say why. */
class AgentServerTest {
  @TempDir Path dir;
  private TestCloud cloud;
  private AgentServer agent;
  private EmulatedHypervisor host;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    cloud = new TestCloud(dir);
    TestCloud.Host h = cloud.host("compute-0");
    agent = h.agent();
    host = h.hypervisor();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + AgentPaths.ROOT + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("X-Auth-Token", token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A guest with a vDPA port on the reference host's second VF. */
  private static GuestBlueprint blueprintOf(UUID uuid) {
    return blueprint(uuid, vdpaNic(1, "fa:16:3e:00:00:01"));
  }

  private static String body(Object value) throws Exception {
    return AgentJson.mapper().writeValueAsString(value);
  }

  @Test
  void theServiceTokenStartsAndDestroysAGuest() throws Exception {
    String service = cloud.serviceToken();
    UUID uuid = UUID.randomUUID();
    HttpResponse<String> started = call("PUT", "/guests/" + uuid, service, body(blueprintOf(uuid)));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    assertThat(started.body()).contains("\"state\":\"running\"");
    assertThat(Files.readString(host.domainFile(uuid)))
        .contains("<interface type=\"vdpa\">").contains("/dev/vhost-vdpa-1").contains("fa:16:3e:00:00:01");
    assertThat(call("GET", "/guests", service, null).body()).contains(uuid.toString());
    assertThat(call("DELETE", "/guests/" + uuid, service, null).statusCode()).isEqualTo(204);
    assertThat(Files.exists(host.domainFile(uuid))).isFalse();
    assertThat(call("DELETE", "/guests/" + uuid, service, null).statusCode()).as("deleting twice").isEqualTo(204);
  }

  @Test
  void noTokenAMembersTokenOrAMadeUpOneCommandsNothing() throws Exception {
    UUID uuid = UUID.randomUUID();
    String body = body(blueprintOf(uuid));
    assertThat(call("PUT", "/guests/" + uuid, null, body).statusCode()).isEqualTo(401);
    assertThat(call("PUT", "/guests/" + uuid, "made-up", body).statusCode()).isEqualTo(401);
    HttpResponse<String> member = call("PUT", "/guests/" + uuid, cloud.token("demo", "demo-pw", "demo"), body);
    assertThat(member.statusCode()).isEqualTo(403);
    assertThat(member.body()).contains("only the controller");
    assertThat(call("POST", "/faults", null, "{\"operation\": \"spawn\", \"reason\": \"x\"}").statusCode()).isEqualTo(401);
    assertThat(host.driver().guests().listGuests()).isEmpty();
  }

  @Test
  void aBadRequestIsRefusedWithTheReason() throws Exception {
    String service = cloud.serviceToken();
    UUID uuid = UUID.randomUUID();
    assertThat(call("PUT", "/guests/not-a-uuid", service, body(blueprintOf(uuid))).statusCode()).isEqualTo(400);
    HttpResponse<String> empty = call("PUT", "/guests/" + uuid, service, "{}");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("needs a uuid");
    HttpResponse<String> unknown = call("PUT", "/guests/" + uuid, service, body(blueprintOf(uuid)).replace("\"imageId\"", "\"image\""));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("image");
    HttpResponse<String> other = call("PUT", "/guests/" + UUID.randomUUID(), service, body(blueprintOf(uuid)));
    assertThat(other.statusCode()).as("the URL names another guest than the blueprint").isEqualTo(400);
    HttpResponse<String> normalWithDevice = call("PUT", "/guests/" + uuid, service, body(blueprintOf(uuid)).replace("\"vdpa\"", "\"bogus\""));
    assertThat(normalWithDevice.statusCode()).isEqualTo(400);
    assertThat(normalWithDevice.body()).contains("bogus");
    assertThat(host.driver().guests().listGuests()).isEmpty();
  }

  @Test
  void aBadActionIsRefusedWithTheReasonAndChangesNothing() throws Exception {
    String service = cloud.serviceToken();
    UUID uuid = UUID.randomUUID();
    assertThat(call("PUT", "/guests/" + uuid, service, body(blueprintOf(uuid))).statusCode()).isEqualTo(201);
    String action = "/guests/" + uuid + "/action";
    assertThat(call("POST", action, service, "{\"pause\": null}").body()).contains("unknown action 'pause'");
    assertThat(call("POST", action, service, "{\"power\": \"stop\", \"suspend\": {}}").body()).contains("exactly one field");
    assertThat(call("POST", action, service, "not json").statusCode()).isEqualTo(400);
    HttpResponse<String> pause = call("POST", action, service, "{\"power\": \"pause\"}");
    assertThat(pause.statusCode()).isEqualTo(400);
    assertThat(pause.body()).contains("'pause' is not a power action");
    assertThat(call("POST", action, service, "{\"power\": \"suspend\"}").body()).contains("not a power action");
    assertThat(call("POST", action, service, "{\"power\": 1}").body()).contains("'1' is not a power action");
    HttpResponse<String> otherGuest = call("POST", action, service, body(java.util.Map.of("suspend", blueprintOf(UUID.randomUUID()))));
    assertThat(otherGuest.statusCode()).isEqualTo(400);
    assertThat(otherGuest.body()).contains("the blueprint is of guest");
    HttpResponse<String> badNic = call("POST", action, service, "{\"attachInterface\": {\"port\": \"p\"}}");
    assertThat(badNic.statusCode()).isEqualTo(400);
    assertThat(badNic.body()).contains("the argument of attachInterface is not a nic");
    assertThat(call("POST", "/guest-xml", service, "{\"uuid\": 1}").statusCode()).isEqualTo(400);
    assertThat(call("POST", "/faults", service, "{\"operation\": \"spawn\"}").body()).contains("needs an operation and a reason");
    assertThat(host.driver().guests().guest(uuid).state()).isEqualTo(GuestState.RUNNING);
    assertThat(Files.readString(host.domainFile(uuid))).contains("<interface type=\"vdpa\">");
  }

  @Test
  void anUnknownGuestIsNotFoundAndAStateTheGuestForbidsAConflict() throws Exception {
    String service = cloud.serviceToken();
    HttpResponse<String> missing = call("POST", "/guests/" + UUID.randomUUID() + "/action", service, "{\"power\": \"stop\"}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("is defined on host compute-0");
    UUID uuid = UUID.randomUUID();
    call("PUT", "/guests/" + uuid, service, body(blueprintOf(uuid)));
    HttpResponse<String> resume = call("POST", "/guests/" + uuid + "/action", service, body(java.util.Map.of("resume", blueprintOf(uuid))));
    assertThat(resume.statusCode()).isEqualTo(409);
    assertThat(resume.body()).contains("the guest is running, and resume needs it paused");
    HttpResponse<String> again = call("PUT", "/guests/" + uuid, service, body(blueprintOf(uuid)));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("already defined on host compute-0 and running");
  }

  /** Issue 22, item 4: a guest whose files are damaged is listed as broken, can be deleted, and troubles no other. */
  @Test
  void aGuestWhoseFilesAreDamagedIsListedBrokenWithWhyAndCanBeDeleted() throws Exception {
    String service = cloud.serviceToken();
    UUID damaged = UUID.randomUUID();
    UUID healthy = UUID.randomUUID();
    call("PUT", "/guests/" + damaged, service, body(blueprintOf(damaged)));
    Files.writeString(host.domainFile(damaged), "<domain><name>half a file");
    HttpResponse<String> listed = call("GET", "/guests", service, null);
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    assertThat(cloud.client().guests(URI.create("http://127.0.0.1:" + agent.port()))).singleElement().satisfies(g -> {
      assertThat(g.uuid()).isEqualTo(damaged);
      assertThat(g.state()).isEqualTo(org.vdpacompute.agent.protocol.GuestRunState.BROKEN);
      assertThat(g.reason()).contains(damaged + ".xml cannot be read");
    });
    HttpResponse<String> stop = call("POST", "/guests/" + damaged + "/action", service, "{\"power\": \"stop\"}");
    assertThat(stop.statusCode()).isEqualTo(409);
    assertThat(stop.body()).contains("the guest is broken");
    HttpResponse<String> other = call("PUT", "/guests/" + healthy, service, body(blueprint(healthy, vdpaNic(2, "fa:16:3e:00:00:02"))));
    assertThat(other.statusCode()).as(other.body()).isEqualTo(201);
    assertThat(call("DELETE", "/guests/" + damaged, service, null).statusCode()).isEqualTo(204);
    assertThat(call("GET", "/guests", service, null).body()).doesNotContain(damaged.toString()).contains(healthy.toString())
        .doesNotContain("reason");
  }

  @Test
  void aShutOffGuestIsDefinedAnewFromItsNewBlueprint() throws Exception {
    AgentClient client = cloud.client();
    URI url = URI.create("http://127.0.0.1:" + agent.port());
    UUID uuid = UUID.randomUUID();
    client.spawn(url, blueprintOf(uuid));
    client.power(url, uuid, PowerAction.STOP);
    // A same-host resize: more memory, and the device claimed for the port on this host is another VF.
    client.spawn(url, blueprint(uuid, 1024, vdpaNic(2, "fa:16:3e:00:00:01")));
    assertThat(host.driver().guests().guest(uuid).state()).isEqualTo(GuestState.RUNNING);
    assertThat(Files.readString(host.domainFile(uuid)))
        .contains("<memory unit=\"MiB\">1024</memory>").contains("/dev/vhost-vdpa-2").doesNotContain("/dev/vhost-vdpa-1");
  }

  @Test
  void theControllersAgentClientStartsAndDestroysGuestsThroughTheListener() {
    AgentClient client = cloud.client();
    URI url = URI.create("http://127.0.0.1:" + agent.port());
    UUID uuid = UUID.randomUUID();
    client.spawn(url, blueprintOf(uuid));
    assertThat(Files.exists(host.domainFile(uuid))).isTrue();
    client.destroy(url, uuid);
    client.destroy(url, uuid);
    assertThat(host.driver().guests().listGuests()).isEmpty();
    AgentClient member = new AgentClient(() -> cloud.token("demo", "demo-pw", "demo"));
    assertThatThrownBy(() -> member.spawn(url, blueprintOf(uuid)))
        .isInstanceOf(AgentClient.AgentCallException.class)
        .hasMessageContaining(url.toString()).hasMessageContaining("403");
    assertThatThrownBy(() -> client.spawn(URI.create("http://127.0.0.1:1"), blueprintOf(uuid)))
        .hasMessageContaining("unreachable");
  }

  @Test
  void nullBodiesAreRefused() throws Exception {
    String service = cloud.serviceToken();
    UUID uuid = UUID.randomUUID();
    for (String[] call : new String[][] {{"PUT", "/guests/" + uuid}, {"POST", "/guest-xml"}, {"PUT", "/guests/" + uuid + "/incoming"},
        {"POST", "/faults"}, {"POST", "/guests/" + uuid + "/action"}}) {
      for (String body : new String[] {"null", "", "[]", "42"}) {
        HttpResponse<String> r = call(call[0], call[1], service, body);
        assertThat(r.statusCode()).as(call[0] + " " + call[1] + " " + body + ": " + r.body()).isEqualTo(400);
        assertThat(r.body()).contains("\"message\"").doesNotContain("\"message\":\"\"");
      }
    }
    assertThat(host.driver().guests().listGuests()).isEmpty();
  }

  @Test
  void aBlueprintWhoseUuidIsNotAUuidIsRefused() throws Exception {
    String service = cloud.serviceToken();
    // The typed blueprint cannot hold such a uuid: it is sent as the JSON a careless caller would write.
    String bad = body(blueprintOf(UUID.randomUUID())).replaceFirst("\"uuid\":\"[0-9a-f-]{36}\"", "\"uuid\":\"not-a-uuid\"");
    assertThat(bad).contains("not-a-uuid");
    HttpResponse<String> xml = call("POST", "/guest-xml", service, bad);
    assertThat(xml.statusCode()).as(xml.body()).isEqualTo(400);
    assertThat(xml.body()).contains("'not-a-uuid' is not a UUID");
  }

  @Test
  void pluggingInANicTheGuestHasOrUnpluggingOneItHasNotIsAConflict() throws Exception {
    String service = cloud.serviceToken();
    UUID uuid = UUID.randomUUID();
    GuestBlueprint.Nic nic = vdpaNic(1, "fa:16:3e:00:00:01");
    assertThat(call("PUT", "/guests/" + uuid, service, body(blueprint(uuid, nic))).statusCode()).isEqualTo(201);
    String action = "/guests/" + uuid + "/action";
    HttpResponse<String> twice = call("POST", action, service, body(java.util.Map.of("attachInterface", nic)));
    assertThat(twice.statusCode()).as(twice.body()).isEqualTo(409);
    assertThat(twice.body()).contains("already has");
    HttpResponse<String> absent = call("POST", action, service,
        body(java.util.Map.of("detachInterface", vdpaNic(2, "fa:16:3e:00:00:02"))));
    assertThat(absent.statusCode()).as(absent.body()).isEqualTo(409);
    assertThat(Files.readString(host.domainFile(uuid))).contains("/dev/vhost-vdpa-1").doesNotContain("/dev/vhost-vdpa-2");
  }

  @Test
  void anIncomingGuestWhoseXmlDoesNotParseIsRefused() throws Exception {
    String service = cloud.serviceToken();
    UUID uuid = UUID.randomUUID();
    HttpResponse<String> r = call("PUT", "/guests/" + uuid + "/incoming", service,
        body(new org.vdpacompute.virt.emulated.MigratingGuest(uuid, "compute-9", "<domain type='kvm'><name>x", GuestState.RUNNING)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("XML");
    assertThat(host.driver().guests().listGuests()).isEmpty();
  }

  @Test
  void aLiveMigrationToAnAgentUrlThatIsNotHttpIsRefused() throws Exception {
    String service = cloud.serviceToken();
    UUID uuid = UUID.randomUUID();
    assertThat(call("PUT", "/guests/" + uuid, service, body(blueprintOf(uuid))).statusCode()).isEqualTo(201);
    // The typed request refuses such URLs itself: they are sent as the JSON a careless caller would write.
    String request = body(java.util.Map.of("liveMigrate", new org.vdpacompute.agent.protocol.LiveMigrationRequest(
        blueprintOf(uuid), "compute-1", URI.create("http://127.0.0.1:1"), blueprintOf(uuid))));
    for (String url : new String[] {"ftp://127.0.0.1/", "not a url", "file:///etc/passwd"}) {
      HttpResponse<String> r = call("POST", "/guests/" + uuid + "/action", service,
          request.replace("\"http://127.0.0.1:1\"", "\"" + url + "\""));
      assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(400);
      assertThat(r.body()).as("the refusal names the URL").contains(url);
    }
    assertThat(host.driver().guests().guest(uuid).state()).isEqualTo(GuestState.RUNNING);
  }
}

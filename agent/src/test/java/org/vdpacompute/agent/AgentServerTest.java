package org.vdpacompute.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.identity.IdentityApi;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.controller.identity.PasswordHasher;
import org.vdpacompute.controller.identity.PasswordLogin;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.identity.JdbcIdentityStore;
import org.vdpacompute.core.host.GuestBlueprint;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.virt.emulated.EmulatedHypervisor;
import org.vdpacompute.virt.guest.DomainType;
import org.vdpacompute.virt.emulated.TopologyReader;

/** The agent's listener: the controller's service token starts and destroys guests; nothing else does. */
class AgentServerTest {
  @TempDir Path dir;
  private Database database;
  private ApiServer controller;
  private AgentServer agent;
  private EmulatedHypervisor host;
  private IdentityService identity;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    database = Database.open("jdbc:h2:file:" + dir.resolve("db"));
    identity = new IdentityService(new JdbcIdentityStore(database), new PasswordHasher(4), Clock.systemUTC(), Duration.ofHours(1));
    identity.bootstrap("service", "vdpa-compute", "agent-pw", Role.SERVICE);
    identity.bootstrap("demo", "demo", "demo-pw", Role.MEMBER);
    controller = ApiServer.start("127.0.0.1", 0, identity::validate, List.of(new IdentityApi(identity, null)));
    host = new EmulatedHypervisor("compute-0", TopologyReader.reference(), dir.resolve("compute-0"));
    agent = AgentServer.start("127.0.0.1", 0, host, new GuestSpecs(DomainType.KVM, dir.resolve("compute-0/instances")),
        new ControllerClient(URI.create("http://127.0.0.1:" + controller.port()), "vdpa-compute", "agent-pw"));
  }

  @AfterEach
  void stop() {
    agent.close();
    controller.close();
    database.close();
  }

  private String token(String user, String password, String project) {
    return identity.authenticate(new PasswordLogin(null, user, "Default", password, null, project, "Default")).id();
  }

  private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + AgentServer.ROOT + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("X-Auth-Token", token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A guest with a vDPA port on the reference host's second VF. */
  private static GuestBlueprint blueprint(UUID uuid) {
    return new GuestBlueprint(uuid.toString(), "instance-" + uuid, new GuestBlueprint.Size("m1.vdpa", 1, 512, 1),
        "image-1", List.of(), List.of(new GuestBlueprint.Nic(UUID.randomUUID().toString(), "vdpa", "fa:16:3e:00:00:01", 100,
            new GuestBlueprint.Device("0000:06:00.2", new VdpaDevice("vdpa1", "/dev/vhost-vdpa-1"), null))), List.of());
  }

  private static String body(UUID uuid) throws Exception {
    return ApiServer.JSON.writeValueAsString(blueprint(uuid));
  }

  @Test
  void theServiceTokenStartsAndDestroysAGuest() throws Exception {
    String service = token("vdpa-compute", "agent-pw", "service");
    UUID uuid = UUID.randomUUID();
    HttpResponse<String> started = call("PUT", "/guests/" + uuid, service, body(uuid));
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
    String body = body(uuid);
    assertThat(call("PUT", "/guests/" + uuid, null, body).statusCode()).isEqualTo(401);
    assertThat(call("PUT", "/guests/" + uuid, "made-up", body).statusCode()).isEqualTo(401);
    HttpResponse<String> member = call("PUT", "/guests/" + uuid, token("demo", "demo-pw", "demo"), body);
    assertThat(member.statusCode()).isEqualTo(403);
    assertThat(member.body()).contains("only the controller");
    assertThat(host.listGuests()).isEmpty();
  }

  @Test
  void aBadRequestIsRefusedWithTheReason() throws Exception {
    String service = token("vdpa-compute", "agent-pw", "service");
    UUID uuid = UUID.randomUUID();
    assertThat(call("PUT", "/guests/not-a-uuid", service, body(uuid)).statusCode()).isEqualTo(400);
    HttpResponse<String> empty = call("PUT", "/guests/" + uuid, service, "{}");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("needs a uuid");
    HttpResponse<String> unknown = call("PUT", "/guests/" + uuid, service, body(uuid).replace("\"imageId\"", "\"image\""));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("image");
    HttpResponse<String> other = call("PUT", "/guests/" + UUID.randomUUID(), service, body(uuid));
    assertThat(other.statusCode()).as("the URL names another guest than the blueprint").isEqualTo(400);
    HttpResponse<String> normalWithDevice = call("PUT", "/guests/" + uuid, service, body(uuid).replace("\"vdpa\"", "\"bogus\""));
    assertThat(normalWithDevice.statusCode()).isEqualTo(400);
    assertThat(normalWithDevice.body()).contains("bogus");
    assertThat(host.listGuests()).isEmpty();
  }

  @Test
  void theControllersAgentClientStartsAndDestroysGuestsThroughTheListener() {
    org.vdpacompute.controller.compute.AgentClient client =
        new org.vdpacompute.controller.compute.AgentClient(() -> token("vdpa-compute", "agent-pw", "service"));
    String url = "http://127.0.0.1:" + agent.port();
    UUID uuid = UUID.randomUUID();
    client.spawn(url, blueprint(uuid));
    assertThat(Files.exists(host.domainFile(uuid))).isTrue();
    client.destroy(url, uuid);
    client.destroy(url, uuid);
    assertThat(host.listGuests()).isEmpty();
    org.vdpacompute.controller.compute.AgentClient member =
        new org.vdpacompute.controller.compute.AgentClient(() -> token("demo", "demo-pw", "demo"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> member.spawn(url, blueprint(uuid)))
        .isInstanceOf(org.vdpacompute.controller.compute.AgentClient.AgentCallException.class)
        .hasMessageContaining(url).hasMessageContaining("403");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.spawn("http://127.0.0.1:1", blueprint(uuid)))
        .hasMessageContaining("unreachable");
  }
}

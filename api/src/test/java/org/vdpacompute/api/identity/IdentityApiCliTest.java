package org.vdpacompute.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vdpacompute.api.OpenStackCli;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.controller.identity.InMemoryIdentityStore;
import org.vdpacompute.controller.identity.PasswordHasher;
import org.vdpacompute.controller.identity.Role;

/** The real openstack CLI logs in and reads its token and catalog. */
class IdentityApiCliTest {
  private static ApiServer server;
  private static String base;

  @BeforeAll
  static void start() {
    IdentityService identity = new IdentityService(new InMemoryIdentityStore(), new PasswordHasher(4),
        Clock.systemUTC(), Duration.ofHours(1));
    identity.bootstrap("admin", "admin", "secret", Role.ADMIN);
    identity.bootstrap("demo", "demo", "demo-pw", Role.MEMBER);
    server = ApiServer.start("127.0.0.1", 0, identity::validate, List.of(new IdentityApi(identity)));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void tokenIssueGivesAProjectScopedToken() throws Exception {
    OpenStackCli.Result r = new OpenStackCli(base + "/identity/v3", "admin", "secret", "admin").run("token", "issue", "-f", "json");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    JsonNode token = r.json();
    assertThat(token.get("id").asText()).isNotBlank();
    assertThat(token.get("project_id").asText()).isNotBlank();
    assertThat(token.get("user_id").asText()).isNotBlank();
    assertThat(token.get("expires").asText()).isNotBlank();
  }

  @Test
  void catalogListShowsTheFourServices() throws Exception {
    OpenStackCli.Result r = new OpenStackCli(base + "/identity/v3", "demo", "demo-pw", "demo").run("catalog", "list", "-f", "json");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    List<String> types = new ArrayList<>();
    for (JsonNode service : r.json()) types.add(service.get("Type").asText());
    assertThat(types).containsExactlyInAnyOrder("identity", "compute", "network", "image");
  }

  @Test
  void aWrongPasswordFailsWithTheClientsMessage() throws Exception {
    OpenStackCli.Result r = new OpenStackCli(base + "/identity/v3", "demo", "wrong", "demo").run("token", "issue", "-f", "json");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("requires authentication");
  }
}

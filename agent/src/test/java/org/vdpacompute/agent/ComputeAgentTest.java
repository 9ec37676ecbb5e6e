package org.vdpacompute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.api.agent.AgentApi;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.identity.IdentityApi;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.controller.identity.PasswordHasher;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.compute.JdbcComputeServiceStore;
import org.vdpacompute.store.identity.JdbcIdentityStore;
import org.vdpacompute.virt.emulated.EmulatedHypervisor;
import org.vdpacompute.virt.emulated.TopologyReader;

/** An agent against a real controller listener: login, registration with its report, heartbeats. */
class ComputeAgentTest {
  @TempDir Path dir;
  private Database database;
  private ApiServer server;
  private ComputeServices services;
  private final List<HostReport> reports = new ArrayList<>();

  @BeforeEach
  void controller() {
    database = Database.open("jdbc:h2:file:" + dir.resolve("db"));
    IdentityService identity = new IdentityService(new JdbcIdentityStore(database), new PasswordHasher(4),
        Clock.systemUTC(), Duration.ofHours(1));
    identity.bootstrap("service", "vdpa-compute", "agent-pw", Role.SERVICE);
    identity.bootstrap("demo", "demo", "demo-pw", Role.MEMBER);
    services = new ComputeServices(new JdbcComputeServiceStore(database), Clock.systemUTC());
    server = ApiServer.start("127.0.0.1", 0, identity::validate,
        List.of(new IdentityApi(identity), new AgentApi(services, report -> {
          reports.add(report);
          return services.register(report);
        })));
  }

  @AfterEach
  void stop() {
    server.close();
    database.close();
  }

  private ComputeAgent agent(String user, String password, Duration beat) {
    EmulatedHypervisor host = new EmulatedHypervisor("compute-0", TopologyReader.reference(), dir.resolve("compute-0"));
    ControllerClient client = new ControllerClient(URI.create("http://127.0.0.1:" + server.port()), user, password);
    return new ComputeAgent(client, host, host.driver().devices(), 3, 1000, List.of("{\"vendor_id\": \"15b3\"}"), beat, null);
  }

  @Test
  void anAgentRegistersItsHostsReportAndHeartbeats() throws Exception {
    try (ComputeAgent agent = agent("vdpa-compute", "agent-pw", Duration.ofMillis(200)).start()) {
      assertThat(reports).singleElement().satisfies(r -> {
        assertThat(r.host()).isEqualTo("compute-0");
        assertThat(r.serviceVersion()).isEqualTo(3);
        assertThat(r.devices()).hasSize(5);
        assertThat(r.vdpaSupported()).isTrue();
        assertThat(r.deviceSpec()).containsExactly("{\"vendor_id\": \"15b3\"}");
        assertThat(r.vcpus()).isPositive();
      });
      ComputeService registered = services.service("compute-0");
      Thread.sleep(1200);
      assertThat(services.service("compute-0").lastSeenAt()).isAfter(registered.lastSeenAt());
    }
  }

  @Test
  void aWrongServicePasswordOrAUserWithoutTheServiceRoleIsAClearFailure() {
    assertThatThrownBy(() -> agent("vdpa-compute", "wrong", Duration.ofSeconds(10)).start())
        .isInstanceOf(ControllerClient.ControllerCallException.class)
        .hasMessageContaining("service_password");
    assertThatThrownBy(() -> agent("demo", "demo-pw", Duration.ofSeconds(10)).start())
        .hasMessageContaining("refused the service user").hasMessageContaining("demo");
  }
}

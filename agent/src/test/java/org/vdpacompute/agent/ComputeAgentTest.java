package org.vdpacompute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.agent.protocol.SwitchStatus;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.ovs.Bridges;
import org.vdpacompute.ovs.OvsdbServerProcess;
import org.vdpacompute.ovs.PortBinding;
import org.vdpacompute.ovs.SwitchPorts;
import org.vdpacompute.ovs.SwitchSettings;
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
  private final List<HostReport> reports = new java.util.concurrent.CopyOnWriteArrayList<>();

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
    return new ComputeAgent(client, host.driver(), HostSwitch.unmanaged("compute-0"), 3, 1000,
        List.of("{\"vendor_id\": \"15b3\"}"), beat, null);
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
  void aSwitchThatGoesDownAndComesBackIsReportedEachTimeAndReconciledWhenBack() throws Exception {
    Path switchDir = dir.resolve("switch");
    OvsdbServerProcess ovsdb = OvsdbServerProcess.start(switchDir, System.getenv("PATH"));
    Bridges.ensure(ovsdb.endpoint(), "br-int", Duration.ofSeconds(5));
    SwitchSettings settings = new SwitchSettings(true, "br-int", ovsdb.endpoint(), Duration.ofSeconds(2));
    EmulatedHypervisor host = new EmulatedHypervisor("compute-0", TopologyReader.reference(), dir.resolve("compute-0"));
    HostSwitch ports = new HostSwitch(settings, host.topology()::representorOf, host.driver().devices(), "compute-0");
    ControllerClient client = new ControllerClient(URI.create("http://127.0.0.1:" + server.port()), "vdpa-compute",
        "agent-pw");
    try (ComputeAgent agent = new ComputeAgent(client, host.driver(), ports, 3, 1000, List.of(), Duration.ofMillis(100),
        null).start()) {
      assertThat(reports).singleElement().extracting(HostReport::switchStatus).isEqualTo(SwitchStatus.UP);

      ovsdb.close();
      HostReport down = awaitReport(2);
      assertThat(down.switchStatus().state()).isEqualTo(SwitchStatus.State.DOWN);
      assertThat(down.switchStatus().reason()).startsWith("the switch's database at " + ovsdb.endpoint()
          + " cannot be reached");

      // Left while the switch was down: an unplug it could not take. Written to a copy of the switch's
      // database served elsewhere, so that the agent cannot see the switch up before the stray is there.
      Path staging = dir.resolve("staging");
      Files.createDirectories(staging);
      Files.copy(switchDir.resolve("conf.db"), staging.resolve("conf.db"));
      try (OvsdbServerProcess copy = OvsdbServerProcess.start(staging, System.getenv("PATH"))) {
        SwitchPorts.of(new SwitchSettings(true, "br-int", copy.endpoint(), Duration.ofSeconds(2))).plug(new PortBinding(
            "enp6s0f0npf0vf2", "gone-port", MacAddress.parse("fa:16:3e:00:00:02"), java.util.UUID.randomUUID()));
      }
      Files.copy(staging.resolve("conf.db"), switchDir.resolve("conf.db"), StandardCopyOption.REPLACE_EXISTING);
      ovsdb = OvsdbServerProcess.start(switchDir, System.getenv("PATH"));
      assertThat(awaitReport(3).switchStatus()).isEqualTo(SwitchStatus.UP);
      assertThat(SwitchPorts.of(settings).plugged()).as("reconciled before reporting it up").isEmpty();
    } finally {
      ovsdb.close();
    }
  }

  /** The {@code n}th registration, waited for within ten seconds. */
  private HostReport awaitReport(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (reports.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(reports).hasSizeGreaterThanOrEqualTo(n);
    return reports.get(n - 1);
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

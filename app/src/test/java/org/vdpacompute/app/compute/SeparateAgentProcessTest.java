package org.vdpacompute.app.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.api.OpenStackCli;
import org.vdpacompute.app.allinone.AllInOneCloud;

/**
 * A compute agent as its own process ({@code vdpa-compute compute --config FILE}), reporting to a
 * controller over loopback: it registers and is up; killed with SIGKILL it goes down after six
 * missed heartbeats; started again it is up again, the same service.
 */
class SeparateAgentProcessTest {

  private static JsonNode ok(OpenStackCli.Result r) {
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.json();
  }

  private static Process startAgent(Path config, Path log) throws Exception {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.vdpacompute.app.Main", "compute", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static JsonNode service(OpenStackCli admin, String host, String state, Duration within) throws Exception {
    Instant deadline = Instant.now().plus(within);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode s : ok(admin.run("compute", "service", "list", "-f", "json"))) {
        if (s.get("Host").asText().equals(host)) {
          last = s;
          if (s.get("State").asText().equals(state)) return s;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("host " + host + " is not " + state + " after " + within + "; last seen " + last);
  }

  @Test
  void anAgentProcessRegistersGoesDownWhenKilledAndComesBack(@TempDir Path dir) throws Exception {
    try (AllInOneCloud cloud = AllInOneCloud.start(dir.resolve("controller"), 0, 0)) {
      OpenStackCli admin = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD);
      String servicePassword = Files.readAllLines(dir.resolve("controller").resolve("vdpa-compute.conf")).stream()
          .filter(l -> l.startsWith("service_password")).findFirst().orElseThrow().split("=", 2)[1].trim();
      Path config = Files.writeString(dir.resolve("compute-7.conf"), String.join("\n",
          "[DEFAULT]", "host = compute-7", "state_path = " + dir.resolve("compute-7"),
          "[identity]", "service_password = " + servicePassword,
          "[compute]", "driver = emulated", "controller_url = http://127.0.0.1:" + cloud.port(), "heartbeat_interval = 1",
          "[pci]", "device_spec = {\"vendor_id\": \"15b3\", \"physical_network\": \"physnet4\"}", ""));
      Path log = dir.resolve("agent.log");
      Process agent = startAgent(config, log);
      try {
        JsonNode up = service(admin, "compute-7", "up", Duration.ofSeconds(60));
        agent.destroyForcibly().waitFor();
        service(admin, "compute-7", "down", Duration.ofSeconds(30));
        agent = startAgent(config, log);
        JsonNode again = service(admin, "compute-7", "up", Duration.ofSeconds(60));
        assertThat(again.get("ID").asText()).isEqualTo(up.get("ID").asText());
        List<String> hypervisors = ok(admin.run("hypervisor", "list", "-f", "json")).findValuesAsText("Hypervisor Hostname");
        assertThat(hypervisors).containsExactly("compute-7");
      } finally {
        agent.destroyForcibly().waitFor();
      }
    }
  }
}

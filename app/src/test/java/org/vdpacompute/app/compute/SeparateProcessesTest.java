package org.vdpacompute.app.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.app.MainProcess;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.allinone.CloudApi;
import org.vdpacompute.app.cloud.CloudsYaml;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.app.recovery.GuestFiles;
import org.vdpacompute.app.recovery.Invariants;

/**
 * The controller and two compute agents as processes of their own, killed with SIGKILL and started
 * again: an evacuation off a dead host, whose stale claims and guest go when its agent returns;
 * and a controller killed in the middle of a cold migration and of a live migration, which on its
 * restart settles each move one way or the other with no claim left behind. After each restart the
 * kill-and-restart campaign's {@link Invariants} must hold. One of the longest tests: ordered early,
 * so that shorter ones fill the time beside it.
 */
@Order(2)
class SeparateProcessesTest {
  // Roomy: JVMs start slowly on a loaded two-core machine, and a test that gives up early proves nothing.
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String SERVERS = "/compute/v2.1/servers";

  @TempDir Path dir;
  private final GuestFiles files = new GuestFiles() {
    @Override
    public List<String> hosts() {
      return List.of("compute-a", "compute-b");
    }

    @Override
    public Path stateDirectory(String host) {
      return dir.resolve(host);
    }
  };
  private int port;
  private CloudApi admin;
  private CloudApi demo;

  private Process java(Path log, String... args) throws Exception {
    return MainProcess.start(log, args);
  }

  private Process controller() throws Exception {
    Process p = java(dir.resolve("controller.log"), "controller", "--config", dir.resolve("cloud/vdpa-compute.conf").toString());
    Instant deadline = Instant.now().plus(WAIT);
    // Bound before it serves, the controller answers 503 until it is ready: the health check says when.
    while (CloudApi.anonymous(port).call("GET", "/healthcheck", null).status() != 200) {
      if (Instant.now().isAfter(deadline) || !p.isAlive()) {
        throw new AssertionError("the controller did not start: " + Files.readString(dir.resolve("controller.log")));
      }
      Thread.sleep(100);
    }
    return p;
  }

  private Process agent(String host) throws Exception {
    String servicePassword = Configuration.load(dir.resolve("cloud/vdpa-compute.conf")).identity().servicePassword();
    Path config = dir.resolve(host + ".conf");
    if (!Files.exists(config)) {
      Files.writeString(config, String.join("\n", "[DEFAULT]", "host = " + host, "state_path = " + dir.resolve(host),
          "[identity]", "service_password = " + servicePassword,
          "[compute]", "driver = emulated", "controller_url = http://127.0.0.1:" + port, "heartbeat_interval = 1",
          "[pci]", "device_spec = {\"vendor_id\": \"15b3\", \"physical_network\": \"physnet4\"}", ""));
    }
    return java(dir.resolve(host + ".log"), "compute", "--config", config.toString());
  }

  private void awaitService(String host, String state) throws Exception {
    try {
      admin.awaitJson("/compute/v2.1/os-services", j -> {
        for (JsonNode s : j.get("services")) {
          if (s.get("host").asText().equals(host) && s.get("state").asText().equals(state)) return true;
        }
        return false;
      }, WAIT);
    } catch (AssertionError e) {
      Path log = dir.resolve(host + ".log");
      throw new AssertionError(e.getMessage() + "\n" + host + "'s log:\n" + (Files.exists(log) ? Files.readString(log) : ""), e);
    }
  }

  private int available(String host) throws Exception {
    int n = 0;
    for (JsonNode d : admin.get("/compute/v2.1/os-pci-devices?host=" + host).get("pci_devices")) {
      if (d.get("status").asText().equals("available")) n++;
    }
    return n;
  }

  private JsonNode settled(String server) throws Exception {
    return admin.awaitJson(SERVERS + "/" + server, j -> j.at("/server/OS-EXT-STS:task_state").isNull()
        && !j.at("/server/status").asText().equals("BUILD"), WAIT).get("server");
  }

  private Path domain(String host, String server) {
    return dir.resolve(host).resolve("emulated/domains/" + server + ".xml");
  }

  @Test
  void evacuationAndAControllerKilledMidMoveLeaveNoClaimBehind() throws Exception {
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    // The all-in-one writes the controller's configuration and the demo content, then goes.
    AllInOneCloud.start(dir.resolve("cloud"), port, 0).close();
    Map<String, Process> processes = new HashMap<>();
    try {
      processes.put("controller", controller());
      Path clouds = dir.resolve("cloud/clouds.yaml");
      admin = CloudApi.login(port, "admin", CloudsYaml.password(clouds, AllInOneCloud.ADMIN_CLOUD), "admin");
      demo = CloudApi.login(port, "demo", CloudsYaml.password(clouds, AllInOneCloud.DEMO_CLOUD), "demo");
      processes.put("compute-a", agent("compute-a"));
      processes.put("compute-b", agent("compute-b"));
      awaitService("compute-a", "up");
      awaitService("compute-b", "up");

      String network = demo.get("/networking/v2.0/networks?name=physnet4-net").at("/networks/0/id").asText();
      String image = demo.get("/image/v2/images?name=cirros").at("/images/0/id").asText();
      String vdpaPort = demo.expect(201, "POST", "/networking/v2.0/ports", "{\"port\": {\"network_id\": \"" + network
          + "\", \"binding:vnic_type\": \"vdpa\"}}").at("/port/id").asText();
      String server = demo.expect(202, "POST", SERVERS, "{\"server\": {\"name\": \"vm\", \"imageRef\": \"" + image
          + "\", \"flavorRef\": \"vdpa\", \"networks\": [{\"port\": \"" + vdpaPort + "\"}]}}").at("/server/id").asText();
      String source = settled(server).get("OS-EXT-SRV-ATTR:host").asText();
      String dest = source.equals("compute-a") ? "compute-b" : "compute-a";

      processes.remove(source).destroyForcibly().waitFor();
      awaitService(source, "down");
      admin.expect(200, "POST", SERVERS + "/" + server + "/action", "{\"evacuate\": {}}");
      JsonNode evacuated = settled(server);
      assertThat(evacuated.get("status").asText()).isEqualTo("ACTIVE");
      assertThat(evacuated.get("OS-EXT-SRV-ATTR:host").asText()).isEqualTo(dest);
      assertThat(available(dest)).isEqualTo(3);
      assertThat(available(source)).as("the dead host keeps its stale claim").isEqualTo(3);
      assertThat(demo.get("/networking/v2.0/ports/" + vdpaPort).at("/port/binding:host_id").asText()).isEqualTo(dest);
      assertThat(Files.readString(domain(dest, server))).contains("<interface type=\"vdpa\">");

      processes.put(source, agent(source));
      awaitService(source, "up");
      admin.awaitJson("/compute/v2.1/os-pci-devices?host=" + source, j -> j.get("pci_devices").findValuesAsText("status")
          .stream().allMatch("available"::equals), WAIT);
      Instant deadline = Instant.now().plus(WAIT);
      while (Files.exists(domain(source, server)) && Instant.now().isBefore(deadline)) Thread.sleep(50);
      assertThat(domain(source, server)).as("the returning host destroyed the evacuated guest").doesNotExist();

      assertThat(Invariants.awaitHeld(files, admin, WAIT)).isEmpty();

      admin.expect(202, "POST", SERVERS + "/" + server + "/action", "{\"migrate\": null}");
      processes.remove("controller").destroyForcibly().waitFor();
      processes.put("controller", controller());
      admin = CloudApi.login(port, "admin", CloudsYaml.password(clouds, AllInOneCloud.ADMIN_CLOUD), "admin");
      JsonNode after = settled(server);
      assertThat(Invariants.awaitHeld(files, admin, WAIT)).isEmpty();
      if (after.get("status").asText().equals("VERIFY_RESIZE")) {
        assertThat(available(source)).isEqualTo(3);
        assertThat(available(dest)).isEqualTo(3);
        admin.expect(204, "POST", SERVERS + "/" + server + "/action", "{\"confirmResize\": null}");
        assertThat(settled(server).get("OS-EXT-SRV-ATTR:host").asText()).isEqualTo(source);
        admin.awaitJson("/compute/v2.1/os-pci-devices?host=" + dest, j -> j.get("pci_devices").findValuesAsText("status")
            .stream().allMatch("available"::equals), WAIT);
        assertThat(available(source)).isEqualTo(3);
      } else {
        assertThat(after.get("status").asText()).as(after.toString()).isEqualTo("ACTIVE");
        assertThat(after.get("OS-EXT-SRV-ATTR:host").asText()).isEqualTo(dest);
        assertThat(available(dest)).isEqualTo(3);
        admin.awaitJson("/compute/v2.1/os-pci-devices?host=" + source, j -> j.get("pci_devices").findValuesAsText("status")
            .stream().allMatch("available"::equals), WAIT);
      }
      assertThat(Invariants.awaitHeld(files, admin, WAIT)).isEmpty();

      // A controller killed while a live migration runs: wherever the guest is when it dies, the
      // server ends ACTIVE with its devices where it runs, or in ERROR for the operator's HARD reboot.
      String home = settled(server).get("OS-EXT-SRV-ATTR:host").asText();
      admin.expect(202, "POST", SERVERS + "/" + server + "/action",
          "{\"os-migrateLive\": {\"host\": null, \"block_migration\": \"auto\"}}");
      processes.remove("controller").destroyForcibly().waitFor();
      processes.put("controller", controller());
      admin = CloudApi.login(port, "admin", CloudsYaml.password(clouds, AllInOneCloud.ADMIN_CLOUD), "admin");
      if (settled(server).get("status").asText().equals("ERROR")) {
        admin.expect(202, "POST", SERVERS + "/" + server + "/action", "{\"reboot\": {\"type\": \"HARD\"}}");
      }
      JsonNode moved = settled(server);
      assertThat(moved.get("status").asText()).as(moved.toString()).isEqualTo("ACTIVE");
      assertThat(moved.get("OS-EXT-SRV-ATTR:host").asText()).isIn(home, home.equals(source) ? dest : source);
      assertThat(Invariants.awaitHeld(files, admin, WAIT)).isEmpty();

      demo.expect(204, "DELETE", SERVERS + "/" + server, null);
      demo.awaitStatus(SERVERS + "/" + server, 404, WAIT);
      assertThat(available("compute-a")).isEqualTo(5);
      assertThat(available("compute-b")).isEqualTo(5);
    } finally {
      for (Process p : processes.values()) p.destroyForcibly().waitFor();
    }
  }
}

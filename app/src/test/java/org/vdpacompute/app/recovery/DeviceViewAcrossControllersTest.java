package org.vdpacompute.app.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.app.allinone.CloudApi;
import org.vdpacompute.controller.workflows.StepHook;

/**
 * Two controllers on one database: what one does to a host's devices, the other's
 * {@code os-pci-devices} shows within seconds, though it never changed that host itself (issue 22,
 * item 6); and an agent that restarted on another address is reached by the controller it did not
 * register with, at once.
 */
class DeviceViewAcrossControllersTest {
  /** The controllers poll every second; a loaded machine gets a few more. */
  private static final Duration WITHIN = Duration.ofSeconds(5);

  @TempDir static Path dir;
  private static Cluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = Cluster.start(dir, "jdbc:h2:file:" + dir.resolve("db/vdpa-compute"), 2, 2, StepHook.NONE);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) cluster.close();
  }

  @Test
  void aBootAndADeleteThroughOneControllerShowOnTheOther() throws Exception {
    Campaign first = new Campaign(cluster, new CrashHook());
    try {
      CloudApi other = cluster.admin(1);
      // A host registered at the other controller is known here once the services are read again.
      other.awaitJson("/compute/v2.1/os-pci-devices", j -> j.get("pci_devices").size() == 10, Duration.ofSeconds(30));
      Campaign.Subject booted = first.boot(0);
      // Allocated by the time the server is ACTIVE on the first: so within seconds on the other.
      JsonNode held = other.awaitJson("/compute/v2.1/os-pci-devices", j -> holder(j, booted.server()) != null
          && holder(j, booted.server()).get("status").asText().equals("allocated"), WITHIN);
      assertThat(holder(held, booted.server()).get("vdpa_path").asText()).startsWith("/dev/vhost-vdpa-");

      cluster.admin(0).expect(204, "DELETE", Campaign.SERVERS + "/" + booted.server(), null);
      cluster.admin(0).awaitStatus(Campaign.SERVERS + "/" + booted.server(), 404, Duration.ofSeconds(30));
      other.awaitJson("/compute/v2.1/os-pci-devices", j -> holder(j, booted.server()) == null, WITHIN);
    } finally {
      first.close();
    }
  }

  /**
   * Host compute-N registers with controller N mod 2; the other controller knows its agent's old
   * address until it reads the services again (every 5 seconds).
   */
  @Test
  void anAgentRestartedOnAnotherPortIsReachedByTheOtherControllerAtOnce() throws Exception {
    Campaign first = new Campaign(cluster, new CrashHook());
    try {
      cluster.admin(1).awaitJson("/compute/v2.1/os-pci-devices", j -> j.get("pci_devices").size() == 10,
          Duration.ofSeconds(30));
      Campaign.Subject booted = first.boot(0);
      String other = booted.host().equals("compute-0") ? "compute-1" : "compute-0";
      int elsewhere = other.equals("compute-0") ? 1 : 0;
      restart(other);
      // Up for the controller asked too (it reads the services every few seconds), as the scheduler needs.
      cluster.admin(elsewhere).awaitJson("/compute/v2.1/os-services", j -> {
        for (JsonNode s : j.get("services")) {
          if (s.get("host").asText().equals(other) && !s.get("state").asText().equals("up")) return false;
        }
        return true;
      }, Duration.ofSeconds(30));
      // Its source's agent calls the destination's at the address the controller gives it.
      first.action(cluster.admin(elsewhere), 202, booted.server(),
          "{\"os-migrateLive\": {\"host\": null, \"block_migration\": \"auto\"}}");
      JsonNode moved = first.awaitSettled(elsewhere, booted.server());
      assertThat(moved.get("OS-EXT-SRV-ATTR:host").asText()).as(moved.toString()).isEqualTo(other);

      restart(other);
      // The delete destroys the guest on its host before it frees the device there.
      cluster.admin(elsewhere).expect(204, "DELETE", Campaign.SERVERS + "/" + booted.server(), null);
      cluster.admin(elsewhere).awaitStatus(Campaign.SERVERS + "/" + booted.server(), 404, Duration.ofSeconds(30));
      cluster.admin(elsewhere).awaitJson("/compute/v2.1/os-pci-devices", j -> holder(j, booted.server()) == null, WITHIN);
      assertThat(cluster.domainFile(other, booted.server())).doesNotExist();
    } finally {
      first.close();
    }
  }

  private static void restart(String host) throws Exception {
    cluster.killAgent(host);
    cluster.startAgent(host);
    int registeredWith = host.equals("compute-0") ? 0 : 1;
    cluster.admin(registeredWith).awaitJson("/compute/v2.1/os-services", j -> {
      for (JsonNode s : j.get("services")) {
        if (s.get("host").asText().equals(host) && s.get("state").asText().equals("up")) return true;
      }
      return false;
    }, Duration.ofSeconds(30));
  }

  private static JsonNode holder(JsonNode devices, String server) {
    for (JsonNode d : devices.get("pci_devices")) {
      if (server.equals(d.get("instance_uuid").asText(null))) return d;
    }
    return null;
  }
}

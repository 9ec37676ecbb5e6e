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
    cluster = Cluster.start(dir, "jdbc:h2:file:" + dir.resolve("db/vdpa-compute"), 2, 1, StepHook.NONE);
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
      other.awaitJson("/compute/v2.1/os-pci-devices", j -> j.get("pci_devices").size() > 0, Duration.ofSeconds(30));
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

  @Test
  void anAgentRestartedOnAnotherPortIsReachedByTheOtherControllerAtOnce() throws Exception {
    Campaign first = new Campaign(cluster, new CrashHook());
    try {
      CloudApi other = cluster.admin(1);
      other.awaitJson("/compute/v2.1/os-pci-devices", j -> j.get("pci_devices").size() > 0, Duration.ofSeconds(30));
      // compute-0 registers with controller 0; controller 1 knows its old address until it reads the services again.
      cluster.killAgent("compute-0");
      cluster.startAgent("compute-0");
      cluster.admin(0).awaitJson("/compute/v2.1/os-services", j -> j.at("/services/0/state").asText().equals("up"),
          Duration.ofSeconds(30));
      Campaign.Subject booted = first.boot(1);
      assertThat(booted.host()).isEqualTo("compute-0");
      cluster.admin(1).expect(204, "DELETE", Campaign.SERVERS + "/" + booted.server(), null);
      cluster.admin(1).awaitStatus(Campaign.SERVERS + "/" + booted.server(), 404, Duration.ofSeconds(30));
    } finally {
      first.close();
    }
  }

  private static JsonNode holder(JsonNode devices, String server) {
    for (JsonNode d : devices.get("pci_devices")) {
      if (server.equals(d.get("instance_uuid").asText(null))) return d;
    }
    return null;
  }
}

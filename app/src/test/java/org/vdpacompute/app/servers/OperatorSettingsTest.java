package org.vdpacompute.app.servers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.app.allinone.AllInOneCloud;

/**
 * One reference host whose operator, in the all-in-one's own configuration, allows resizes to
 * stay on it ({@code [compute] allow_resize_to_same_host}), keeps shelved servers on their host
 * until offloaded by hand ({@code shelved_offload_time = -1}) and has the controller compare every
 * second what the hosts report of their guests with its records ({@code sync_power_state_interval = 1}).
 */
class OperatorSettingsTest {
  @TempDir static Path dir;
  private static AllInOneCloud cloud;
  private static ServerFixture f;

  @BeforeAll
  static void start() throws Exception {
    AllInOneCloud.start(dir, 0, 1).close();
    Path config = dir.resolve("vdpa-compute.conf");
    Files.writeString(config, Files.readString(config)
        .replace("allow_resize_to_same_host = false", "allow_resize_to_same_host = true")
        .replace("shelved_offload_time = 0", "shelved_offload_time = -1")
        .replace("sync_power_state_interval = 600", "sync_power_state_interval = 1"));
    cloud = AllInOneCloud.start(dir, 0, 1);
    f = new ServerFixture(cloud, dir);
    f.createLargerVdpaFlavor();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @AfterEach
  void deleteEveryServer() throws Exception {
    f.deleteEveryServer();
  }

  @Test
  void aSameHostResizeHoldsTwoVfsUntilConfirmKeepsTheNewOne() throws Exception {
    String port = f.port("vdpa");
    String server = f.boot("{\"port\": \"" + port + "\"}");
    JsonNode before = f.assertVdpaOn(server, port, "compute-0");
    f.action(f.demo, server, "{\"resize\": {\"flavorRef\": \"vdpa-large\"}}", 202);
    f.awaitStatus(server, "VERIFY_RESIZE");
    assertThat(f.statusCounts("compute-0").get("allocated")).as("two VFs held").isEqualTo(2);
    assertThat(f.available("compute-0")).isEqualTo(2);
    JsonNode resized = f.assertVdpaOn(server, port, "compute-0");
    assertThat(resized.get("address")).isNotEqualTo(before.get("address"));
    assertThat(f.domainXml("compute-0", server)).contains("<memory unit=\"MiB\">4096</memory>");
    f.action(f.demo, server, "{\"confirmResize\": null}", 204);
    f.awaitStatus(server, "ACTIVE");
    assertThat(f.available("compute-0")).isEqualTo(3);
    assertThat(f.assertVdpaOn(server, port, "compute-0").get("address")).isEqualTo(resized.get("address"));

    f.action(f.demo, server, "{\"resize\": {\"flavorRef\": \"vdpa\"}}", 202);
    f.awaitStatus(server, "VERIFY_RESIZE");
    assertThat(f.available("compute-0")).isEqualTo(2);
    f.action(f.demo, server, "{\"revertResize\": null}", 202);
    f.awaitStatus(server, "ACTIVE");
    assertThat(f.available("compute-0")).isEqualTo(3);
    assertThat(f.assertVdpaOn(server, port, "compute-0").get("address")).isEqualTo(resized.get("address"));
    assertThat(f.domainXml("compute-0", server)).contains("<memory unit=\"MiB\">4096</memory>");
    f.delete(server);
    assertThat(f.available("compute-0")).isEqualTo(5);
  }

  @Test
  void aShelvedServerKeepsItsDeviceUntilOffloadedByHand() throws Exception {
    String port = f.port("vdpa");
    String server = f.boot("{\"port\": \"" + port + "\"}");
    f.action(f.demo, server, "{\"shelve\": null}", 202);
    f.awaitStatus(server, "SHELVED");
    assertThat(f.available("compute-0")).isEqualTo(3);
    assertThat(f.portJson(port).get("binding:host_id").asText()).isEqualTo("compute-0");
    f.action(f.demo, server, "{\"shelveOffload\": null}", 202);
    f.awaitStatus(server, "SHELVED_OFFLOADED");
    assertThat(f.available("compute-0")).isEqualTo(5);
    f.action(f.demo, server, "{\"unshelve\": null}", 202);
    f.awaitStatus(server, "ACTIVE");
    f.assertVdpaOn(server, port, "compute-0");
    f.delete(server);
    assertThat(f.available("compute-0")).isEqualTo(5);
  }

  /**
   * Issue 22, item 3: a guest whose domain file vanished left its server ACTIVE, and stop, suspend,
   * reboot or a live migration answered 202 and failed silently. The power state sync shows it in
   * the server's state and fault, and a HARD reboot defines the guest again.
   */
  @Test
  void theSyncShowsAGuestThatVanishedAndAHardRebootDefinesItAgain() throws Exception {
    String port = f.port("vdpa");
    String server = f.boot("{\"port\": \"" + port + "\"}");
    JsonNode device = f.assertVdpaOn(server, port, "compute-0");
    Files.delete(f.domainFile("compute-0", server));
    JsonNode missing = f.awaitStatus(server, "ERROR");
    assertThat(missing.at("/fault/message").asText()).contains("not defined on host compute-0").contains("HARD reboot");
    assertThat(missing.get("OS-EXT-STS:power_state").asInt()).as("NOSTATE").isZero();
    f.action(f.demo, server, "{\"os-stop\": null}", 409);
    f.action(f.demo, server, "{\"reboot\": {\"type\": \"HARD\"}}", 202);
    f.awaitStatus(server, "ACTIVE");
    assertThat(f.assertVdpaOn(server, port, "compute-0").get("address")).isEqualTo(device.get("address"));
    f.delete(server);
    assertThat(f.available("compute-0")).isEqualTo(5);
  }

  /** A guest that shut itself off is a stopped server, as Nova's sync stops it. */
  @Test
  void aGuestThatShutItselfOffStopsItsServer() throws Exception {
    String server = f.boot("{\"port\": \"" + f.port("vdpa") + "\"}");
    Files.writeString(dir.resolve("hosts/compute-0/emulated/run/" + server + ".state"), "SHUTOFF\n");
    assertThat(f.awaitStatus(server, "SHUTOFF").get("OS-EXT-STS:power_state").asInt()).isEqualTo(4);
    f.action(f.demo, server, "{\"os-start\": null}", 202);
    f.awaitStatus(server, "ACTIVE");
    f.delete(server);
  }

  /** Issue 22, item 4 through the API: a broken guest is its server's ERROR, with why, and its delete frees its device. */
  @Test
  void aBrokenGuestIsItsServersErrorAndItsDeleteFreesTheDevice() throws Exception {
    String server = f.boot("{\"port\": \"" + f.port("vdpa") + "\"}");
    String other = f.boot("{\"port\": \"" + f.port("vdpa") + "\"}");
    Files.writeString(f.domainFile("compute-0", server), "<domain><name>half");
    JsonNode broken = f.awaitStatus(server, "ERROR");
    assertThat(broken.at("/fault/message").asText()).contains("cannot be read").contains(server + ".xml");
    assertThat(f.demo.get(ServerFixture.SERVERS + "/" + other).at("/server/status").asText()).isEqualTo("ACTIVE");
    f.delete(server);
    assertThat(f.available("compute-0")).isEqualTo(3);
    assertThat(f.domainFile("compute-0", server)).doesNotExist();
    f.delete(other);
    assertThat(f.available("compute-0")).isEqualTo(5);
  }
}

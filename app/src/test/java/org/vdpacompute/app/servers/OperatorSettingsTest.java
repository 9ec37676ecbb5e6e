package org.vdpacompute.app.servers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.app.allinone.AllInOneCloud;

/**
 * One reference host whose operator, in the all-in-one's own configuration, allows resizes to
 * stay on it ({@code [compute] allow_resize_to_same_host}) and keeps shelved servers on their host
 * until offloaded by hand ({@code shelved_offload_time = -1}).
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
        .replace("shelved_offload_time = 0", "shelved_offload_time = -1"));
    cloud = AllInOneCloud.start(dir, 0, 1);
    f = new ServerFixture(cloud, dir);
    f.createLargerVdpaFlavor();
  }

  @AfterAll
  static void stop() {
    cloud.close();
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
}

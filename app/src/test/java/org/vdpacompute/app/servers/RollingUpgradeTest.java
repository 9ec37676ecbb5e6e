package org.vdpacompute.app.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vdpacompute.app.servers.ServerFixture.SERVERS;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.allinone.CloudApi;
import org.vdpacompute.virt.emulated.TopologyReader;

/**
 * A cloud in the middle of an upgrade: its host reports compute service version 2 (CONTRACT
 * section 5), which carries interface hot-plug but not suspend, resume or live migration of
 * servers with vDPA ports. Those are refused before anything changes, saying why.
 */
class RollingUpgradeTest {
  @TempDir static Path dir;
  private static AllInOneCloud cloud;
  private static ServerFixture f;

  @BeforeAll
  static void start() throws Exception {
    String reference = new String(TopologyReader.class.getResourceAsStream("reference-topology.json").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    Path topology = Files.writeString(dir.resolve("version-2.json"),
        reference.replaceFirst("\\{", "{\"service_version\": 2,"));
    cloud = AllInOneCloud.start(dir.resolve("cloud"), 0, 1, topology);
    f = new ServerFixture(cloud, dir.resolve("cloud"));
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void suspendOfAVdpaServerIsRefusedWhileAHostIsTooOldAndNothingChanges() throws Exception {
    String port = f.port("vdpa");
    String server = f.boot("{\"port\": \"" + port + "\"}");
    CloudApi.Answer refused = f.demo.call("POST", SERVERS + "/" + server + "/action", "{\"suspend\": null}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body()).contains("not supported for instance with vDPA ports")
        .contains("compute-0 runs compute service version 2").contains("needs version 3");
    assertThat(f.awaitStatus(server, "ACTIVE").get("OS-EXT-STS:task_state").isNull()).isTrue();
    assertThat(f.domainXml("compute-0", server)).contains("type=\"vdpa\"");
    assertThat(f.admin.call("POST", SERVERS + "/" + server + "/action",
        "{\"os-migrateLive\": {\"host\": null, \"block_migration\": \"auto\"}}").body())
        .contains("not supported for instance with vDPA ports");
    assertThat(f.demo.get(SERVERS + "/" + server + "/os-instance-actions").get("instanceActions"))
        .as("a refused action is not recorded").hasSize(1);
    String second = f.port("vdpa");
    f.demo.expect(200, "POST", SERVERS + "/" + server + "/os-interface",
        "{\"interfaceAttachment\": {\"port_id\": \"" + second + "\"}}");
    assertThat(f.available("compute-0")).as("version 2 carries hot-plug: two VFs taken").isEqualTo(2);
    f.delete(server);
  }
}

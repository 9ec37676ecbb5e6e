package org.vdpacompute.app.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.api.OpenStackCli;

/** The all-in-one cloud as an operator meets it: through its clouds.yaml and the real openstack CLI. */
class AllInOneCloudTest {

  private static JsonNode ok(OpenStackCli.Result r) {
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.json();
  }

  @Test
  void theCliLogsInThroughTheWrittenCloudsYamlAndSeesTheCatalog(@TempDir Path dir) throws Exception {
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0)) {
      OpenStackCli admin = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD);
      OpenStackCli demo = OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD);
      assertThat(ok(admin.run("token", "issue", "-f", "json")).get("project_id").asText()).isNotBlank();
      List<String> types = new ArrayList<>();
      for (JsonNode s : ok(demo.run("catalog", "list", "-f", "json"))) types.add(s.get("Type").asText());
      assertThat(types).containsExactlyInAnyOrder("identity", "compute", "network", "image");
      assertThat(cloud.usage()).contains("OS_CLIENT_CONFIG_FILE=" + cloud.cloudsYaml()).contains("OS_CLOUD=vdpa-demo");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("vdpa-compute.conf"))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void aRestartKeepsTheUsersAndTheirPasswords(@TempDir Path dir) throws Exception {
    String firstClouds;
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0)) {
      firstClouds = Files.readString(cloud.cloudsYaml()).replaceAll("127\\.0\\.0\\.1:\\d+", "HOST");
    }
    try (AllInOneCloud cloud = AllInOneCloud.start(dir, 0)) {
      assertThat(Files.readString(cloud.cloudsYaml()).replaceAll("127\\.0\\.0\\.1:\\d+", "HOST")).isEqualTo(firstClouds);
      ok(OpenStackCli.forCloud(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD).run("token", "issue", "-f", "json"));
    }
  }
}

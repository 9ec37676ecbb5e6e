package org.vdpacompute.app.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudsYamlTest {

  @Test
  void writesOneOwnerReadableEntryPerCloud(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("clouds.yaml");
    CloudsYaml.write(file, "http://127.0.0.1:8774/identity/v3",
        new CloudsYaml.Cloud("vdpa-admin", "admin", "s3cret: #1", "admin"),
        new CloudsYaml.Cloud("vdpa-demo", "demo", "d", "demo"));
    JsonNode clouds = new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).get("clouds");
    assertThat(clouds.at("/vdpa-admin/auth/auth_url").asText()).isEqualTo("http://127.0.0.1:8774/identity/v3");
    assertThat(clouds.at("/vdpa-admin/auth/password").asText()).isEqualTo("s3cret: #1");
    assertThat(clouds.at("/vdpa-demo/auth/project_name").asText()).isEqualTo("demo");
    assertThat(clouds.at("/vdpa-demo/identity_api_version").asInt()).isEqualTo(3);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }
}

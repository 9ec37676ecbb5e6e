package org.vdpacompute.app.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vdpacompute.api.http.ServiceCatalog;

/**
 * The {@code clouds.yaml} that points the openstack CLI and SDKs at this cloud: one entry per
 * user. It holds passwords, so only its owner may read it.
 */
public final class CloudsYaml {
  /** One cloud entry: a name for {@code OS_CLOUD} and the login it uses. */
  public record Cloud(String name, String user, String password, String project) {}

  private CloudsYaml() {}

  /** The password of one cloud entry of an existing file. */
  public static String password(Path file, String cloud) {
    try {
      String password = new ObjectMapper(new YAMLFactory()).readTree(file.toFile())
          .path("clouds").path(cloud).path("auth").path("password").asText(null);
      if (password == null) {
        throw new IllegalStateException(file + " has no password for cloud " + cloud);
      }
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static void write(Path file, String authUrl, Cloud... clouds) {
    Map<String, Object> entries = new LinkedHashMap<>();
    for (Cloud c : clouds) {
      Map<String, Object> auth = new LinkedHashMap<>();
      auth.put("auth_url", authUrl);
      auth.put("username", c.user());
      auth.put("password", c.password());
      auth.put("project_name", c.project());
      auth.put("user_domain_name", "Default");
      auth.put("project_domain_name", "Default");
      Map<String, Object> cloud = new LinkedHashMap<>();
      cloud.put("auth", auth);
      cloud.put("region_name", ServiceCatalog.REGION);
      cloud.put("interface", "public");
      cloud.put("identity_api_version", 3);
      entries.put(c.name(), cloud);
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    try {
      PrivateFiles.write(file, yaml.writeValueAsString(Map.of("clouds", entries)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}

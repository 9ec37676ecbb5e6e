package org.vdpacompute.app.cloud;

import java.nio.file.Path;
import java.util.List;
import org.vdpacompute.api.http.ServiceCatalog;

/**
 * An {@code openrc}: one user's login as the legacy {@code OS_*} variables, for novaclient and the
 * other clients that read no {@code clouds.yaml} ({@code source DIR/openrc}). It holds a password,
 * so only its owner may read it.
 */
public final class OpenRc {
  private OpenRc() {}

  public static void write(Path file, String authUrl, CloudsYaml.Cloud cloud) {
    PrivateFiles.write(file, String.join("\n", List.of(
        "# Written by vdpa-compute all-in-one: user " + cloud.user() + " of project " + cloud.project()
            + " for the clients that read the OS_* variables.",
        "# Use: source " + file,
        "unset OS_CLOUD OS_CLIENT_CONFIG_FILE",
        "export OS_AUTH_URL=" + quoted(authUrl),
        "export OS_IDENTITY_API_VERSION=3",
        "export OS_USERNAME=" + quoted(cloud.user()),
        "export OS_PASSWORD=" + quoted(cloud.password()),
        "export OS_PROJECT_NAME=" + quoted(cloud.project()),
        "export OS_USER_DOMAIN_NAME=Default",
        "export OS_PROJECT_DOMAIN_NAME=Default",
        "export OS_REGION_NAME=" + ServiceCatalog.REGION,
        "export OS_INTERFACE=public",
        "")));
  }

  /** A word the shell reads back exactly, whatever it holds. */
  static String quoted(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}

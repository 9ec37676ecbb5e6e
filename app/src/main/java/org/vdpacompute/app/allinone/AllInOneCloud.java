package org.vdpacompute.app.allinone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.vdpacompute.app.cloud.CloudsYaml;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.app.controller.ControllerServer;
import org.vdpacompute.controller.identity.Role;

/**
 * A whole cloud in one process, under one data directory. The first start makes up the passwords
 * and writes them where an operator finds them: {@code DIR/vdpa-compute.conf} (the controller's own
 * configuration, in the same format an operator writes) and {@code DIR/clouds.yaml} for the CLI.
 * Later starts reuse both, so the users and their passwords survive restarts with the database.
 */
public final class AllInOneCloud implements AutoCloseable {
  static final String CONFIG = "vdpa-compute.conf";
  static final String CLOUDS = "clouds.yaml";
  public static final String ADMIN_CLOUD = "vdpa-admin";
  public static final String DEMO_CLOUD = "vdpa-demo";

  private final Path dataDir;
  private final ControllerServer controller;

  private AllInOneCloud(Path dataDir, ControllerServer controller) {
    this.dataDir = dataDir;
    this.controller = controller;
  }

  /** Starts the cloud on {@code 127.0.0.1:port} (0: any free port). */
  public static AllInOneCloud start(Path dataDir, int port) {
    Path dir = dataDir.toAbsolutePath().normalize();
    Path configFile = dir.resolve(CONFIG);
    try {
      Files.createDirectories(dir);
      String adminPassword;
      String servicePassword;
      if (Files.exists(configFile)) {
        Configuration previous = Configuration.load(configFile);
        adminPassword = previous.identity().adminPassword();
        servicePassword = previous.identity().servicePassword();
      } else {
        adminPassword = Secrets.password();
        servicePassword = Secrets.password();
      }
      writePrivate(configFile, controllerConfig(dir, port, adminPassword, servicePassword));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the data directory " + dir, e);
    }
    Configuration config = Configuration.load(configFile).requireForController();
    ControllerServer controller = ControllerServer.start(config);
    try {
      Path clouds = dir.resolve(CLOUDS);
      String authUrl = "http://127.0.0.1:" + controller.port() + "/identity/v3";
      String demoPassword = Files.exists(clouds) ? null : Secrets.password();
      if (demoPassword != null) {
        controller.identity().bootstrap("demo", "demo", demoPassword, Role.MEMBER);
        DemoContent.create(controller);
      } else {
        demoPassword = CloudsYaml.password(clouds, DEMO_CLOUD);
      }
      CloudsYaml.write(clouds, authUrl,
          new CloudsYaml.Cloud(ADMIN_CLOUD, "admin", config.identity().adminPassword(), "admin"),
          new CloudsYaml.Cloud(DEMO_CLOUD, "demo", demoPassword, "demo"));
      return new AllInOneCloud(dir, controller);
    } catch (RuntimeException e) {
      controller.close();
      throw e;
    }
  }

  private static String controllerConfig(Path dir, int port, String adminPassword, String servicePassword) {
    return String.join("\n",
        "# Written by vdpa-compute all-in-one on its first start; it keeps the passwords it made up.",
        "[DEFAULT]",
        "state_path = " + dir,
        "",
        "[api]",
        "listen = 127.0.0.1:" + port,
        "",
        "[identity]",
        "admin_password = " + adminPassword,
        "service_password = " + servicePassword,
        "",
        "[pci]",
        "device_spec = {\"vendor_id\": \"15b3\", \"product_id\": \"101d\", \"physical_network\": \"physnet4\"}",
        "device_spec = {\"vendor_id\": \"15b3\", \"product_id\": \"101e\", \"physical_network\": \"physnet4\"}",
        "");
  }

  private static void writePrivate(Path file, String text) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".conf", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public int port() {
    return controller.port();
  }

  public Path cloudsYaml() {
    return dataDir.resolve(CLOUDS);
  }

  /** What to tell the operator once the cloud is up. */
  public String usage() {
    return String.join("\n",
        "vdpa-compute all-in-one is running on http://127.0.0.1:" + port() + " (data in " + dataDir + ").",
        "Point the openstack CLI at it:",
        "  export OS_CLIENT_CONFIG_FILE=" + cloudsYaml(),
        "  export OS_CLOUD=" + DEMO_CLOUD + "     # or " + ADMIN_CLOUD + " for the administrator",
        "  openstack token issue",
        "Stop it with Ctrl-C.");
  }

  @Override
  public void close() {
    controller.close();
  }
}

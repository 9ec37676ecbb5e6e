package org.vdpacompute.app.allinone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.vdpacompute.app.cloud.CloudsYaml;
import org.vdpacompute.app.compute.ComputeProcess;
import org.vdpacompute.app.config.ComputeSection;
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
  private final List<ComputeProcess> agents;

  private AllInOneCloud(Path dataDir, ControllerServer controller, List<ComputeProcess> agents) {
    this.dataDir = dataDir;
    this.controller = controller;
    this.agents = agents;
  }

  /** Starts the cloud on {@code 127.0.0.1:port} (0: any free port) with the reference topology on every host. */
  public static AllInOneCloud start(Path dataDir, int port, int hosts) {
    return start(dataDir, port, hosts, null);
  }

  /**
   * Starts the cloud on {@code 127.0.0.1:port} (0: any free port) with {@code hosts} emulated
   * compute hosts {@code compute-0}, {@code compute-1}, ..., each with the topology file given (the
   * reference host when null), each with its state under {@code DIR/hosts/HOSTNAME}. Each host's
   * agent runs exactly as the {@code compute} command does, from a configuration file written
   * beside its state, over the same protocol a separate agent process uses.
   */
  public static AllInOneCloud start(Path dataDir, int port, int hosts, Path topology) {
    return start(dataDir, port, hosts, topology, Clock.systemUTC(), List.of(REFERENCE_DEVICE_SPEC));
  }

  /** {@link #start(Path, int, int, Path)} with the controller on the given clock. */
  public static AllInOneCloud start(Path dataDir, int port, int hosts, Path topology, Clock clock) {
    return start(dataDir, port, hosts, topology, clock, List.of(REFERENCE_DEVICE_SPEC));
  }

  /**
   * {@link #start(Path, int, int, Path)} with every host's agent whitelisting its devices by the
   * {@code [pci] device_spec} values given instead of the reference hosts' (e.g. hosts whose devices
   * serve tunnelled networks, with no {@code physical_network}).
   */
  public static AllInOneCloud start(Path dataDir, int port, int hosts, Path topology, List<String> deviceSpec) {
    return start(dataDir, port, hosts, topology, Clock.systemUTC(), deviceSpec);
  }

  private static AllInOneCloud start(Path dataDir, int port, int hosts, Path topology, Clock clock, List<String> deviceSpec) {
    Path dir = dataDir.toAbsolutePath().normalize();
    Path configFile = dir.resolve(CONFIG);
    try {
      privateDirectory(dir);
      String adminPassword;
      String servicePassword;
      boolean sameHostResize = false;
      int offloadTime = 0;
      int powerSync = ComputeSection.DEFAULT_SYNC_POWER_STATE_INTERVAL;
      if (Files.exists(configFile)) {
        Configuration previous = Configuration.load(configFile);
        adminPassword = previous.identity().adminPassword();
        servicePassword = previous.identity().servicePassword();
        sameHostResize = previous.compute().allowResizeToSameHost();
        offloadTime = previous.compute().shelvedOffloadTime();
        powerSync = previous.compute().syncPowerStateInterval();
      } else {
        adminPassword = Secrets.password();
        servicePassword = Secrets.password();
      }
      writePrivate(configFile, controllerConfig(dir, port, adminPassword, servicePassword, sameHostResize, offloadTime,
          powerSync));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the data directory " + dir, e);
    }
    Configuration config = Configuration.load(configFile).requireForController();
    ControllerServer controller = ControllerServer.start(config, clock);
    try {
      Path clouds = dir.resolve(CLOUDS);
      String authUrl = "http://127.0.0.1:" + controller.port() + "/identity/v3";
      String demoPassword = Files.exists(clouds) ? null : Secrets.password();
      if (demoPassword != null) {
        controller.identity().bootstrap("demo", "demo", demoPassword, Role.MEMBER);
        DemoContent.create(controller, controller.identity().projectByName("admin").id());
      } else {
        demoPassword = CloudsYaml.password(clouds, DEMO_CLOUD);
      }
      CloudsYaml.write(clouds, authUrl,
          new CloudsYaml.Cloud(ADMIN_CLOUD, "admin", config.identity().adminPassword(), "admin"),
          new CloudsYaml.Cloud(DEMO_CLOUD, "demo", demoPassword, "demo"));
      List<ComputeProcess> agents = new ArrayList<>();
      AllInOneCloud cloud = new AllInOneCloud(dir, controller, agents);
      try {
        for (int i = 0; i < hosts; i++) {
          Path hostDir = dir.resolve("hosts").resolve("compute-" + i);
          Path hostConfig = hostDir.resolve(CONFIG);
          privateDirectory(hostDir.getParent());
          privateDirectory(hostDir);
          writePrivate(hostConfig, emulatedAgentConfig("compute-" + i, hostDir, "http://127.0.0.1:" + controller.port(),
              config.identity().servicePassword(), config.compute().heartbeatInterval(), topology, deviceSpec));
          agents.add(ComputeProcess.start(Configuration.load(hostConfig).requireForCompute()));
        }
        return cloud;
      } catch (IOException e) {
        cloud.close();
        throw new UncheckedIOException("cannot prepare the emulated hosts under " + dir, e);
      } catch (RuntimeException e) {
        cloud.close();
        throw e;
      }
    } catch (RuntimeException e) {
      controller.close();
      throw e;
    }
  }

  /**
   * The configuration of an emulated host's agent, as the all-in-one writes it for each of its hosts.
   *
   * @param topology the host's topology file; null for the reference host
   */
  public static String emulatedAgentConfig(String host, Path state, String controllerUrl, String servicePassword,
      int heartbeatInterval, Path topology, List<String> deviceSpec) {
    List<String> lines = new ArrayList<>(List.of(
        "# Written by vdpa-compute all-in-one: the agent of emulated host " + host + ".",
        "[DEFAULT]",
        "host = " + host,
        "state_path = " + state,
        "",
        "[identity]",
        "service_password = " + servicePassword,
        "",
        "[compute]",
        "driver = emulated",
        "controller_url = " + controllerUrl,
        "heartbeat_interval = " + heartbeatInterval,
        "",
        topology == null ? "" : "[emulated]\ntopology = " + topology.toAbsolutePath() + "\n",
        "[pci]"));
    for (String spec : deviceSpec) lines.add("device_spec = " + spec);
    lines.add("");
    return String.join("\n", lines);
  }

  /** The reference hosts' device_spec: both the PF and the VF product on physnet4 (CONTRACT section 3). */
  static final String[] REFERENCE_DEVICE_SPEC = {
    "{\"vendor_id\": \"15b3\", \"product_id\": \"101d\", \"physical_network\": \"physnet4\"}",
    "{\"vendor_id\": \"15b3\", \"product_id\": \"101e\", \"physical_network\": \"physnet4\"}"};


  private static String controllerConfig(Path dir, int port, String adminPassword, String servicePassword,
      boolean sameHostResize, int offloadTime, int powerSync) {
    return String.join("\n",
        "# Written by vdpa-compute all-in-one on its first start; it keeps the passwords it made up and the",
        "# [compute] choices an operator edits here.",
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
        "[compute]",
        "allow_resize_to_same_host = " + sameHostResize,
        "shelved_offload_time = " + offloadTime,
        "sync_power_state_interval = " + powerSync,
        "",
        "[pci]",
        "device_spec = " + REFERENCE_DEVICE_SPEC[0],
        "device_spec = " + REFERENCE_DEVICE_SPEC[1],
        "");
  }

  /**
   * A directory of the cloud's own, which holds passwords (the configurations, clouds.yaml) and the
   * database: made, or made again, readable by its owner only.
   */
  private static void privateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
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

  /** Where the agent of emulated host {@code compute-N} listens. */
  public URI agentUrl(String host) {
    return agents.get(Integer.parseInt(host.substring(host.lastIndexOf('-') + 1))).agentUrl();
  }

  /** The controller, for what only an operator's configuration does (more users, say). */
  public ControllerServer controller() {
    return controller;
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
    for (ComputeProcess a : agents) {
      try {
        a.close();
      } catch (Exception e) {
        // the agent's heartbeats stop with the process anyway
      }
    }
    controller.close();
  }
}

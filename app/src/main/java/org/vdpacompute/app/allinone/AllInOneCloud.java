package org.vdpacompute.app.allinone;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.vdpacompute.app.cloud.CloudsYaml;
import org.vdpacompute.app.cloud.OpenRc;
import org.vdpacompute.app.cloud.PrivateFiles;
import org.vdpacompute.app.compute.ComputeProcess;
import org.vdpacompute.app.config.ComputeSection;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.app.controller.ControllerServer;
import org.vdpacompute.app.startup.AddressUnavailableException;
import org.vdpacompute.app.startup.StateDirectoryInUseException;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.virt.emulated.TopologyReader;

/**
 * A whole cloud in one process, under one data directory. The first start makes up the passwords
 * and writes them where an operator finds them: {@code DIR/vdpa-compute.conf} (the controller's own
 * configuration, in the same format an operator writes) and {@code DIR/clouds.yaml} for the CLI.
 * Later starts reuse both, so the users and their passwords survive restarts with the database.
 */
public final class AllInOneCloud implements AutoCloseable {
  static final String CONFIG = "vdpa-compute.conf";
  static final String CLOUDS = "clouds.yaml";
  /** The demo user's login as OS_* variables, for the clients that read no clouds.yaml. */
  static final String OPENRC = "openrc";
  static final String ADMIN_OPENRC = "admin-openrc";
  public static final String ADMIN_CLOUD = "vdpa-admin";
  public static final String DEMO_CLOUD = "vdpa-demo";

  private final Path dataDir;
  private final ControllerServer controller;
  private final List<ComputeProcess> agents;
  private final AllInOneSwitch offloadedSwitch;

  private AllInOneCloud(Path dataDir, ControllerServer controller, List<ComputeProcess> agents,
      AllInOneSwitch offloadedSwitch) {
    this.dataDir = dataDir;
    this.controller = controller;
    this.agents = agents;
    this.offloadedSwitch = offloadedSwitch;
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
   *
   * <p>What can refuse the start comes before anything is written: the topology file is read, the
   * port bound and the data directory locked first.
   *
   * @throws org.vdpacompute.virt.emulated.TopologyException if the topology file cannot be used
   * @throws AddressUnavailableException if the port cannot be bound
   * @throws StateDirectoryInUseException if another process uses the data directory
   */
  public static AllInOneCloud start(Path dataDir, int port, int hosts, Path topology) {
    return start(dataDir, port, hosts, topology, EmulatedSwitch.NONE);
  }

  /**
   * {@link #start(Path, int, int, Path)} with the emulated hosts plugging their VF representors into
   * the offloaded switch given, each into a bridge of its own ({@link AllInOneSwitch}).
   *
   * @throws org.vdpacompute.app.config.ConfigException when that switch cannot be made ready; nothing
   *     is written then
   */
  public static AllInOneCloud start(Path dataDir, int port, int hosts, Path topology, EmulatedSwitch offloadedSwitch) {
    return start(dataDir, port, hosts, topology, Clock.systemUTC(), List.of(REFERENCE_DEVICE_SPEC), offloadedSwitch);
  }

  /** {@link #start(Path, int, int, Path)} with the controller on the given clock. */
  public static AllInOneCloud start(Path dataDir, int port, int hosts, Path topology, Clock clock) {
    return start(dataDir, port, hosts, topology, clock, List.of(REFERENCE_DEVICE_SPEC), EmulatedSwitch.NONE);
  }

  /**
   * {@link #start(Path, int, int, Path)} with every host's agent whitelisting its devices by the
   * {@code [pci] device_spec} values given instead of the reference hosts' (e.g. hosts whose devices
   * serve tunnelled networks, with no {@code physical_network}).
   */
  public static AllInOneCloud start(Path dataDir, int port, int hosts, Path topology, List<String> deviceSpec) {
    return start(dataDir, port, hosts, topology, Clock.systemUTC(), deviceSpec, EmulatedSwitch.NONE);
  }

  private static AllInOneCloud start(Path dataDir, int port, int hosts, Path topology, Clock clock, List<String> deviceSpec,
      EmulatedSwitch switchChoice) {
    Path dir = dataDir.toAbsolutePath().normalize();
    // First: a switch that cannot be made ready refuses the start before anything is written.
    AllInOneSwitch offloadedSwitch = AllInOneSwitch.open(switchChoice, dir, hosts);
    try {
      return start(dir, port, hosts, topology, clock, deviceSpec, offloadedSwitch);
    } catch (RuntimeException e) {
      offloadedSwitch.close();
      throw e;
    }
  }

  private static AllInOneCloud start(Path dir, int port, int hosts, Path topology, Clock clock, List<String> deviceSpec,
      AllInOneSwitch offloadedSwitch) {
    Path configFile = dir.resolve(CONFIG);
    if (topology != null) {
      TopologyReader.read(topology);
    }
    Configuration previous = Files.exists(configFile) ? Configuration.load(configFile) : null;
    String configText = previous == null
        ? controllerConfig(dir, port, Secrets.password(), Secrets.password(), false, 0,
            ComputeSection.DEFAULT_SYNC_POWER_STATE_INTERVAL)
        : controllerConfig(dir, port, previous.identity().adminPassword(), previous.identity().servicePassword(),
            previous.compute().allowResizeToSameHost(), previous.compute().shelvedOffloadTime(),
            previous.compute().syncPowerStateInterval());
    Configuration config = Configuration.parse(configFile.toString(), configText).requireForController();
    ControllerServer controller = startController(config, clock);
    try {
      // The directory holds the passwords and the database: its owner's alone, also when an
      // earlier version made it.
      PrivateFiles.directory(dir);
      PrivateFiles.write(configFile, configText);
      Path clouds = dir.resolve(CLOUDS);
      String authUrl = "http://127.0.0.1:" + controller.port() + "/identity/v3";
      String demoPassword = Files.exists(clouds) ? null : Secrets.password();
      if (demoPassword != null) {
        controller.identity().bootstrap("demo", "demo", demoPassword, Role.MEMBER);
        DemoContent.create(controller, controller.identity().projectByName("admin").id());
      } else {
        demoPassword = CloudsYaml.password(clouds, DEMO_CLOUD);
      }
      CloudsYaml.Cloud admin = new CloudsYaml.Cloud(ADMIN_CLOUD, "admin", config.identity().adminPassword(), "admin");
      CloudsYaml.Cloud demo = new CloudsYaml.Cloud(DEMO_CLOUD, "demo", demoPassword, "demo");
      CloudsYaml.write(clouds, authUrl, admin, demo);
      OpenRc.write(dir.resolve(OPENRC), authUrl, demo);
      OpenRc.write(dir.resolve(ADMIN_OPENRC), authUrl, admin);
      List<ComputeProcess> agents = new ArrayList<>();
      AllInOneCloud cloud = new AllInOneCloud(dir, controller, agents, offloadedSwitch);
      try {
        for (int i = 0; i < hosts; i++) {
          Path hostDir = dir.resolve("hosts").resolve(hostName(i));
          Path hostConfig = hostDir.resolve(CONFIG);
          PrivateFiles.directory(hostDir.getParent());
          PrivateFiles.directory(hostDir);
          PrivateFiles.write(hostConfig, emulatedAgentConfig(hostName(i), hostDir, "http://127.0.0.1:" + controller.port(),
              config.identity().servicePassword(), config.compute().heartbeatInterval(), topology, deviceSpec,
              offloadedSwitch.representorPrefix(i), offloadedSwitch.agentLines(i)));
          agents.add(ComputeProcess.start(Configuration.load(hostConfig).requireForCompute()));
        }
        return cloud;
      } catch (RuntimeException e) {
        cloud.close();
        throw e;
      }
    } catch (RuntimeException e) {
      controller.close();
      throw e;
    }
  }

  /** The controller, its refusals naming the command line's options rather than the file not yet written. */
  private static ControllerServer startController(Configuration config, Clock clock) {
    try {
      return ControllerServer.start(config, clock);
    } catch (AddressUnavailableException e) {
      throw new AddressUnavailableException(e.address(), "--port", e.getCause());
    } catch (StateDirectoryInUseException e) {
      throw new StateDirectoryInUseException(e.directory(), "--data-dir", e.holder(), e);
    }
  }

  /**
   * The configuration of an emulated host's agent, as the all-in-one writes it for each of its hosts.
   *
   * @param topology the host's topology file; null for the reference host
   */
  public static String emulatedAgentConfig(String host, Path state, String controllerUrl, String servicePassword,
      int heartbeatInterval, Path topology, List<String> deviceSpec) {
    return emulatedAgentConfig(host, state, controllerUrl, servicePassword, heartbeatInterval, topology, deviceSpec, null,
        List.of());
  }

  /**
   * @param representorPrefix {@code [emulated] representor_prefix}, or null
   * @param switchLines the {@code [ovs]} section, or none
   */
  private static String emulatedAgentConfig(String host, Path state, String controllerUrl, String servicePassword,
      int heartbeatInterval, Path topology, List<String> deviceSpec, String representorPrefix, List<String> switchLines) {
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
        "[emulated]",
        topology == null ? "" : "topology = " + topology.toAbsolutePath(),
        representorPrefix == null ? "" : "representor_prefix = " + representorPrefix,
        ""));
    lines.addAll(switchLines);
    lines.add("[pci]");
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

  public int port() {
    return controller.port();
  }

  /** The name of the emulated host of index {@code n}. */
  static String hostName(int n) {
    return "compute-" + n;
  }

  /** Where the agent of emulated host {@code compute-N} listens. */
  public URI agentUrl(String host) {
    return agents.get(index(host)).agentUrl();
  }

  /**
   * Stops the agent of emulated host {@code compute-N} and starts it again from its configuration,
   * as an operator restarts a host's agent (or it was killed and comes back): the host and its
   * guests stay, and the new agent reconciles what it finds with the switch and the controller.
   * {@code whileDown} runs between the two, on a host without an agent.
   */
  public synchronized void restartAgent(String host, Runnable whileDown) {
    int i = index(host);
    try {
      agents.get(i).close();
    } catch (Exception e) {
      throw new IllegalStateException("the agent of " + host + " did not stop", e);
    }
    whileDown.run();
    Path config = dataDir.resolve("hosts").resolve(host).resolve(CONFIG);
    agents.set(i, ComputeProcess.start(Configuration.load(config).requireForCompute()));
  }

  private static int index(String host) {
    return Integer.parseInt(host.substring(host.lastIndexOf('-') + 1));
  }

  /** The controller, for what only an operator's configuration does (more users, say). */
  public ControllerServer controller() {
    return controller;
  }

  public Path cloudsYaml() {
    return dataDir.resolve(CLOUDS);
  }

  /**
   * What to tell the operator once the cloud is up; it ends with the seed workflow's two commands,
   * ready to paste.
   */
  public String usage() {
    List<String> lines = new ArrayList<>(List.of(
        "vdpa-compute all-in-one is running on http://127.0.0.1:" + port() + " (data in " + dataDir
            + "); stop it with Ctrl-C."));
    offloadedSwitch.usage().ifPresent(lines::add);
    lines.addAll(List.of(
        "In another shell, point the openstack CLI at it (older clients: source " + dataDir.resolve(OPENRC)
            + " instead):",
        "  export OS_CLIENT_CONFIG_FILE=" + cloudsYaml(),
        "  export OS_CLOUD=" + DEMO_CLOUD + "     # or " + ADMIN_CLOUD + " for the administrator",
        "and boot a server with a vDPA port:",
        "  openstack port create --network " + DemoContent.NETWORK + " --vnic-type vdpa vdpa-port-1",
        "  openstack server create --flavor " + DemoContent.VDPA_FLAVOR + " --image " + DemoContent.IMAGE
            + " --port vdpa-port-1 --wait vm1"));
    return String.join("\n", lines);
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
    offloadedSwitch.close();
  }
}

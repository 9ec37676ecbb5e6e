package org.vdpacompute.app.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.allinone.CloudApi;
import org.vdpacompute.app.allinone.DemoClouds;
import org.vdpacompute.app.compute.ComputeProcess;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.app.controller.ControllerServer;
import org.vdpacompute.controller.workflows.StepHook;

/**
 * Controllers on one database and emulated hosts, each of which a test stops and starts again on
 * the same configuration, the same database and the same state path, in this JVM: a controller
 * "killed" is closed right after a hook stopped its saga where a kill -9 would have, and starts
 * again on the same port, so that the agents find it. Host {@code compute-N} registers with
 * controller {@code N mod controllers}.
 */
final class Cluster implements GuestFiles, AutoCloseable {
  static final String ADMIN_PASSWORD = "admin-secret";
  static final String SERVICE_PASSWORD = "service-secret";
  static final String DEMO_PASSWORD = "demo-secret";

  private final Path dir;
  private final StepHook hook;
  private final int[] ports;
  private final ControllerServer[] controllers;
  private final List<String> hosts = new ArrayList<>();
  private final Map<String, ComputeProcess> agents = new ConcurrentHashMap<>();
  /** Logins by controller and user: a password login costs a bcrypt check, and tokens outlive a restart. */
  private final Map<String, CloudApi> logins = new ConcurrentHashMap<>();

  private Cluster(Path dir, StepHook hook, int controllers) {
    this.dir = dir;
    this.hook = hook;
    this.ports = new int[controllers];
    this.controllers = new ControllerServer[controllers];
  }

  /**
   * @param databaseUrl the controllers' one database
   * @param hook told of every step boundary of every saga of every controller
   */
  static Cluster start(Path dir, String databaseUrl, int controllers, int hosts, StepHook hook) throws IOException {
    Cluster c = new Cluster(dir, hook, controllers);
    try {
      for (int i = 0; i < controllers; i++) {
        c.ports[i] = freePort();
        Files.createDirectories(dir.resolve("controller-" + i));
        Files.writeString(c.controllerConfig(i), String.join("\n",
            "[DEFAULT]", "state_path = " + dir.resolve("controller-" + i),
            "[api]", "listen = 127.0.0.1:" + c.ports[i],
            "[database]", "connection = " + databaseUrl,
            "[identity]", "admin_password = " + ADMIN_PASSWORD, "service_password = " + SERVICE_PASSWORD,
            // Recovery alone settles what a kill leaves here: no periodic sync to help it.
            "[compute]", "sync_power_state_interval = -1",
            "[pci]", "device_spec = " + DemoClouds.REFERENCE_DEVICE_SPEC[0],
            "device_spec = " + DemoClouds.REFERENCE_DEVICE_SPEC[1], ""));
        c.startController(i);
        if (i == 0) DemoClouds.populate(c.controllers[0], DEMO_PASSWORD);
      }
      for (int h = 0; h < hosts; h++) {
        String host = "compute-" + h;
        c.hosts.add(host);
        Path state = dir.resolve("hosts").resolve(host);
        Files.createDirectories(state);
        Files.writeString(state.resolve("agent.conf"), AllInOneCloud.emulatedAgentConfig(host, state,
            "http://127.0.0.1:" + c.ports[h % controllers], SERVICE_PASSWORD, 1, null, List.of(DemoClouds.REFERENCE_DEVICE_SPEC)));
        c.startAgent(host);
      }
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private Path controllerConfig(int i) {
    return dir.resolve("controller-" + i).resolve("vdpa-compute.conf");
  }

  int controllers() {
    return controllers.length;
  }

  @Override
  public List<String> hosts() {
    return hosts;
  }

  /** Starts controller {@code i} on its configuration, as the controller command does; its recovery runs. */
  void startController(int i) {
    controllers[i] = ControllerServer.start(Configuration.load(controllerConfig(i)).requireForController(), Clock.systemUTC(),
        hook);
  }

  /** Stops controller {@code i} at once: its listener, its background work, its database connections. */
  void killController(int i) {
    ControllerServer c = controllers[i];
    controllers[i] = null;
    if (c != null) c.close();
  }

  void startAgent(String host) {
    agents.put(host, ComputeProcess.start(Configuration.load(dir.resolve("hosts").resolve(host).resolve("agent.conf"))
        .requireForCompute()));
  }

  /** Stops a host's agent: its listener and heartbeats; the host's guests stay, as a hypervisor's do. */
  void killAgent(String host) {
    ComputeProcess a = agents.remove(host);
    if (a == null) return;
    try {
      a.close();
    } catch (Exception e) {
      throw new IllegalStateException("agent of " + host + " did not stop", e);
    }
  }

  boolean agentRuns(String host) {
    return agents.containsKey(host);
  }

  int port(int controller) {
    return ports[controller];
  }

  CloudApi admin(int controller) throws Exception {
    return login(controller, "admin", ADMIN_PASSWORD);
  }

  CloudApi demo(int controller) throws Exception {
    return login(controller, "demo", DEMO_PASSWORD);
  }

  private CloudApi login(int controller, String user, String password) throws Exception {
    CloudApi api = logins.get(controller + "/" + user);
    if (api == null) {
      api = CloudApi.login(ports[controller], user, password, user);
      logins.put(controller + "/" + user, api);
    }
    return api;
  }

  @Override
  public Path stateDirectory(String host) {
    return dir.resolve("hosts").resolve(host);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (String host : List.copyOf(agents.keySet())) killAgent(host);
    for (int i = 0; i < controllers.length; i++) killController(i);
  }
}

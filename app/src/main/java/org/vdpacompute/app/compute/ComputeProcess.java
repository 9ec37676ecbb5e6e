package org.vdpacompute.app.compute;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.vdpacompute.agent.AgentServer;
import org.vdpacompute.agent.ComputeAgent;
import org.vdpacompute.agent.ControllerClient;
import org.vdpacompute.agent.GuestSpecs;
import org.vdpacompute.agent.HostDriver;
import org.vdpacompute.agent.HostLogging;
import org.vdpacompute.agent.HostSwitch;
import org.vdpacompute.agent.protocol.ServiceVersion;
import org.vdpacompute.app.config.ComputeDriver;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.app.config.ListenAddress;
import org.vdpacompute.app.controller.ControllerServer;
import org.vdpacompute.app.startup.Listeners;
import org.vdpacompute.app.startup.StateLock;
import org.vdpacompute.app.tls.PemTls;
import org.vdpacompute.core.pci.DeviceIdentity;
import org.vdpacompute.sysfs.SysfsRepresentors;
import org.vdpacompute.virt.Representors;
import org.vdpacompute.virt.emulated.EmulatedHypervisor;
import org.vdpacompute.virt.emulated.Topology;
import org.vdpacompute.virt.emulated.TopologyReader;
import org.vdpacompute.virt.guest.DomainType;
import org.vdpacompute.virt.libvirt.LibvirtDriver;

/** The {@code compute} command: one agent for one host, emulated or libvirt, reporting to the controller. */
public final class ComputeProcess implements AutoCloseable {
  /** Where a libvirt host's representors are found. */
  private static final Path SYSFS = Path.of("/sys");
  /** Disk an emulated host offers guests; its topology file does not say. */
  public static final long EMULATED_DISK_GB = 1000;

  private final ComputeAgent agent;
  private final AgentServer listener;
  private final StateLock lock;
  private final AutoCloseable driver;
  private final URI url;

  private ComputeProcess(ComputeAgent agent, AgentServer listener, StateLock lock, AutoCloseable driver, URI url) {
    this.agent = agent;
    this.listener = listener;
    this.lock = lock;
    this.driver = driver;
    this.url = url;
  }

  /** Where the agent's own listener is reached. */
  public URI agentUrl() {
    return url;
  }

  /**
   * Reads the host (its topology, or libvirt), binds the agent's listener, takes the state
   * directory, then registers with the controller and heartbeats. Everything that can refuse the
   * start comes before anything is written. Every line this agent logs names its host.
   *
   * @throws org.vdpacompute.virt.emulated.TopologyException if the topology file cannot be used
   * @throws org.vdpacompute.app.startup.AddressUnavailableException if {@code [compute] listen} cannot be bound
   * @throws org.vdpacompute.app.startup.StateDirectoryInUseException if another process uses the state path
   */
  public static ComputeProcess start(Configuration config) {
    return HostLogging.call(config.defaults().host(), () -> startNamed(config));
  }

  private static ComputeProcess startNamed(Configuration config) {
    Path ca = config.compute().controllerCaFile();
    ControllerClient client = new ControllerClient(config.compute().controllerUrl(), ControllerServer.SERVICE_USER,
        config.identity().servicePassword(),
        ca == null ? null : PemTls.trusting(ca, "[compute] controller_ca_file in " + config.source()));
    Duration beat = Duration.ofSeconds(config.compute().heartbeatInterval());
    if (config.compute().driver() == ComputeDriver.EMULATED) {
      Topology topology = config.emulated().topology() == null ? TopologyReader.reference()
          : TopologyReader.read(config.emulated().topology());
      EmulatedHypervisor host = new EmulatedHypervisor(config.defaults().host(), topology, config.defaults().statePath());
      int version = topology.serviceVersion() == null ? ServiceVersion.CURRENT : topology.serviceVersion();
      String prefix = config.emulated().representorPrefix();
      return start(client, HostDriver.emulated(host), vf -> topology.representorOf(vf, prefix), DomainType.KVM, version,
          config, beat, EMULATED_DISK_GB, null);
    }
    LibvirtDriver libvirt = LibvirtDriver.open(config.libvirt().uri());
    try {
      // libvirt's test driver defines only domains of its own type; every real host runs KVM.
      DomainType type = config.libvirt().uri().startsWith("test:") ? DomainType.TEST : DomainType.KVM;
      return start(client, HostDriver.hypervisor(libvirt.driver()), new SysfsRepresentors(SYSFS), type,
          ServiceVersion.CURRENT, config, beat, config.defaults().statePath().toFile().getTotalSpace() / (1L << 30),
          libvirt);
    } catch (RuntimeException e) {
      libvirt.close();
      throw e;
    }
  }

  /**
   * Opens the agent's listener first, so that the report it registers says where to reach it.
   *
   * @param representors the host's VF representors, which the agent plugs into {@code [ovs] bridge}
   */
  private static ComputeProcess start(ControllerClient client, HostDriver hostDriver, Representors representors,
      DomainType domainType, int version, Configuration config, Duration beat, long diskGb, AutoCloseable driver) {
    // Refused here, with the file, before anything starts, as nova-compute refuses it.
    config.checkDeviceSpecOn(DeviceIdentity.of(hostDriver.parts().devices().discover()));
    GuestSpecs specs = new GuestSpecs(domainType, config.defaults().statePath().resolve("instances"));
    HostSwitch ports = new HostSwitch(config.ovs().settings(), representors, hostDriver.parts().devices(),
        hostDriver.parts().facts().hostname());
    ListenAddress listen = config.compute().listen();
    AgentServer listener = Listeners.bind(listen.toString(), "[compute] listen in " + config.source(),
        () -> AgentServer.start(listen.host(), listen.port(), hostDriver, specs, ports, client));
    StateLock lock = null;
    try {
      lock = StateLock.acquire(config.defaults().statePath(), "[DEFAULT] state_path in " + config.source());
      URI url = URI.create("http://" + listen.host() + ":" + listener.port());
      ComputeAgent agent = new ComputeAgent(client, hostDriver.parts(), ports, version, diskGb,
          config.pci().deviceSpec().values(), beat, url).start();
      return new ComputeProcess(agent, listener, lock, driver, url);
    } catch (RuntimeException e) {
      listener.close();
      if (lock != null) lock.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    agent.close();
    listener.close();
    if (driver != null) driver.close();
    lock.close();
  }
}

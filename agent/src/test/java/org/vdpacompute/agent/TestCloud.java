package org.vdpacompute.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.vdpacompute.agent.protocol.GuestBlueprint;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.identity.IdentityApi;
import org.vdpacompute.controller.agents.AgentClient;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.controller.identity.PasswordHasher;
import org.vdpacompute.controller.identity.PasswordLogin;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.ovs.SwitchSettings;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.identity.JdbcIdentityStore;
import org.vdpacompute.virt.emulated.EmulatedHosts;
import org.vdpacompute.virt.emulated.EmulatedHypervisor;
import org.vdpacompute.virt.emulated.TopologyReader;
import org.vdpacompute.virt.guest.DomainType;

/**
 * The controller's identity listener, which agents check tokens with, and emulated reference hosts
 * each with its agent's listener on its own state path: what the agents' tests run against, over
 * real HTTP.
 */
final class TestCloud implements AutoCloseable {
  static final UUID IMAGE = UUID.fromString("33333333-0000-0000-0000-000000000003");

  private final Path dir;
  private final Database database;
  private final IdentityService identity;
  private final ApiServer controller;
  private final List<AgentServer> agents = new ArrayList<>();

  /** A host and its agent. */
  record Host(EmulatedHypervisor hypervisor, AgentServer agent) {
    URI url() {
      return URI.create("http://127.0.0.1:" + agent.port());
    }
  }

  TestCloud(Path dir) {
    this.dir = dir;
    database = Database.open("jdbc:h2:file:" + dir.resolve("db"));
    identity = new IdentityService(new JdbcIdentityStore(database), new PasswordHasher(4), Clock.systemUTC(), Duration.ofHours(1));
    identity.bootstrap("service", "vdpa-compute", "agent-pw", Role.SERVICE);
    identity.bootstrap("demo", "demo", "demo-pw", Role.MEMBER);
    controller = ApiServer.start("127.0.0.1", 0, identity::validate, List.of(new IdentityApi(identity)));
  }

  /** An emulated host as the compute command runs it. */
  Host host(String name) {
    return host(name, new EmulatedHosts(), HostDriver::emulated);
  }

  /** A host of this process, findable by name through {@code peers}, driven as {@code driver} says. */
  Host host(String name, EmulatedHosts peers, Function<EmulatedHypervisor, HostDriver> driver) {
    return host(name, peers, driver, h -> HostSwitch.unmanaged(name));
  }

  /**
   * An emulated host whose agent plugs its representors, named {@code representorPrefix} and
   * {@code pfNvfM}, into the switch {@code settings} name.
   */
  Host host(String name, SwitchSettings settings, String representorPrefix) {
    return host(name, new EmulatedHosts(), HostDriver::emulated,
        h -> new HostSwitch(settings, vf -> h.topology().representorOf(vf, representorPrefix), h.driver().devices(), name));
  }

  private Host host(String name, EmulatedHosts peers, Function<EmulatedHypervisor, HostDriver> driver,
      Function<EmulatedHypervisor, HostSwitch> ports) {
    EmulatedHypervisor hypervisor = new EmulatedHypervisor(name, TopologyReader.reference(), dir.resolve(name), peers);
    peers.add(hypervisor);
    AgentServer agent = AgentServer.start("127.0.0.1", 0, driver.apply(hypervisor),
        new GuestSpecs(DomainType.KVM, dir.resolve(name).resolve("instances")), ports.apply(hypervisor),
        new ControllerClient(URI.create("http://127.0.0.1:" + controller.port()), "vdpa-compute", "agent-pw"));
    agents.add(agent);
    return new Host(hypervisor, agent);
  }

  /** Stops a host's agent, as a killed agent process stops answering; its hypervisor and guests stay. */
  void stop(Host host) {
    host.agent().close();
    agents.remove(host.agent());
  }

  String token(String user, String password, String project) {
    return identity.authenticate(new PasswordLogin(null, user, "Default", password, null, project, "Default")).id();
  }

  String serviceToken() {
    return token("vdpa-compute", "agent-pw", "service");
  }

  /** The controller's client of agents, with the service user's token. */
  AgentClient client() {
    return new AgentClient(this::serviceToken);
  }

  /**
   * A vDPA port on the reference host's VF {@code 0000:06:00.(n+1)}, whose vDPA device is
   * {@code /dev/vhost-vdpa-n}.
   */
  static GuestBlueprint.Nic vdpaNic(int n, String mac) {
    return new GuestBlueprint.Nic(UUID.randomUUID(), VnicType.VDPA, MacAddress.parse(mac), 100,
        new GuestBlueprint.Device(PciAddress.parse("0000:06:00." + (n + 1)), new VdpaDevice("vdpa" + n,
            "/dev/vhost-vdpa-" + n), null));
  }

  /** A direct port on the reference host's VF {@code 0000:06:00.(n+1)}. */
  static GuestBlueprint.Nic directNic(int n, String mac) {
    return new GuestBlueprint.Nic(UUID.randomUUID(), VnicType.DIRECT, MacAddress.parse(mac), 100,
        new GuestBlueprint.Device(PciAddress.parse("0000:06:00." + (n + 1)), null, null));
  }

  static GuestBlueprint.Nic normalNic(String mac) {
    return new GuestBlueprint.Nic(UUID.randomUUID(), VnicType.NORMAL, MacAddress.parse(mac), 100, null);
  }

  static GuestBlueprint blueprint(UUID uuid, GuestBlueprint.Nic... nics) {
    return blueprint(uuid, 512, nics);
  }

  static GuestBlueprint blueprint(UUID uuid, long memoryMb, GuestBlueprint.Nic... nics) {
    return new GuestBlueprint(uuid, "instance-" + uuid, new GuestBlueprint.Size("m1.vdpa", 1, memoryMb, 1),
        IMAGE, List.of(), List.of(nics), List.of());
  }

  @Override
  public void close() {
    agents.forEach(AgentServer::close);
    controller.close();
    database.close();
  }
}

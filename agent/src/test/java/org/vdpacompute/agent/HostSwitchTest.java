package org.vdpacompute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.agent.TestCloud.blueprint;
import static org.vdpacompute.agent.TestCloud.directNic;
import static org.vdpacompute.agent.TestCloud.normalNic;
import static org.vdpacompute.agent.TestCloud.vdpaNic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.agent.protocol.GuestBlueprint;
import org.vdpacompute.agent.protocol.GuestBlueprint.Nic;
import org.vdpacompute.agent.protocol.PowerAction;
import org.vdpacompute.agent.protocol.SwitchStatus;
import org.vdpacompute.controller.agents.AgentClient;
import org.vdpacompute.controller.agents.AgentClient.AgentCallException;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.ovs.OvsdbEndpoint;
import org.vdpacompute.ovs.OvsdbServer;
import org.vdpacompute.ovs.PortBinding;
import org.vdpacompute.ovs.SwitchPorts;
import org.vdpacompute.ovs.SwitchSettings;
import org.vdpacompute.virt.GuestOperation;

/**
 * Emulated hosts' agents plugging their ports' representors into a real ovsdb-server, one bridge
 * per host, read back with ovs-vsctl: spawn, destroy, hot-plug, a guest defined anew, live
 * migration and its failures, a switch that cannot be reached, and the reconciliation of a host
 * whose agent was killed between steps.
 */
class HostSwitchTest {
  private static OvsdbServer server;
  /** Hosts made so far: each names its representors apart, as hosts sharing a switch must. */
  private static int hosts;
  @TempDir Path dir;
  private TestCloud cloud;
  private AgentClient client;
  private final UUID uuid = UUID.randomUUID();

  @BeforeAll
  static void startSwitch() {
    server = OvsdbServer.start();
  }

  @AfterAll
  static void stopSwitch() throws Exception {
    server.close();
  }

  @BeforeEach
  void start() {
    cloud = new TestCloud(dir);
    client = cloud.client();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  /** A host with a bridge of its own in the switch, that bridge's name, and its representors' prefix. */
  private record SwitchedHost(TestCloud.Host host, String bridge, String prefix) {
    /** The representor of the reference host's VF {@code n}, 0000:06:00.(n+1). */
    String vf(int n) {
      return prefix + "pf0vf" + n;
    }
  }

  private SwitchedHost host(String name) {
    String bridge = server.newBridge();
    String prefix = "h" + (++hosts);
    return new SwitchedHost(cloud.host(name, server.settings(bridge), prefix), bridge, prefix);
  }

  private TestCloud.Host hostWithoutSwitch(String name) {
    return cloud.host(name, new SwitchSettings(true, "br-int", new OvsdbEndpoint.Unix(dir.resolve("no-switch.sock")),
        Duration.ofSeconds(2)), "h" + (++hosts));
  }

  private void assertBound(String representor, Nic nic, UUID guest) {
    assertThat(server.externalId(representor, "iface-id")).isEqualTo(nic.portId().toString());
    assertThat(server.externalId(representor, "iface-status")).isEqualTo("active");
    assertThat(server.externalId(representor, "attached-mac")).isEqualTo(nic.mac().value());
    assertThat(server.externalId(representor, "vm-uuid")).isEqualTo(guest.toString());
  }

  @Test
  void spawnPlugsTheRepresentorsOfVdpaAndDirectPortsOnlyAndDestroyUnplugsThem() {
    SwitchedHost h = host("compute-0");
    Nic vdpa = vdpaNic(1, "fa:16:3e:00:00:01");
    Nic direct = directNic(2, "fa:16:3e:00:00:02");

    client.spawn(h.host().url(), blueprint(uuid, normalNic("fa:16:3e:00:00:0a"), vdpa, direct));

    assertThat(server.portsOf(h.bridge())).containsExactly(h.vf(1), h.vf(2));
    assertBound(h.vf(1), vdpa, uuid);
    assertBound(h.vf(2), direct, uuid);
    client.destroy(h.host().url(), uuid);
    assertThat(server.portsOf(h.bridge())).isEmpty();
    client.destroy(h.host().url(), uuid);
  }

  @Test
  void aSwitchThatCannotBeReachedRefusesTheSpawnNamingItAndStartsNothing() {
    TestCloud.Host h = hostWithoutSwitch("compute-0");

    assertThatThrownBy(() -> client.spawn(h.url(), blueprint(uuid, vdpaNic(1, "fa:16:3e:00:00:01"))))
        .isInstanceOfSatisfying(AgentCallException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.UNAVAILABLE))
        .hasMessageContaining("503")
        .hasMessageContaining("cannot be plugged into the offloaded switch of host compute-0 (representor h")
        .hasMessageContaining("the switch's database at unix:" + dir.resolve("no-switch.sock") + " cannot be reached");
    assertThat(client.guests(h.url())).isEmpty();
    // A guest without such ports needs no switch.
    client.spawn(h.url(), blueprint(uuid, normalNic("fa:16:3e:00:00:0a")));
  }

  @Test
  void aSpawnThatFailsLeavesNothingPlugged() throws Exception {
    SwitchedHost h = host("compute-0");
    h.host().hypervisor().failNext(GuestOperation.SPAWN, "no memory");

    assertThatThrownBy(() -> client.spawn(h.host().url(), blueprint(uuid, vdpaNic(1, "fa:16:3e:00:00:01"))))
        .hasMessageContaining("no memory");

    assertThat(server.portsOf(h.bridge())).isEmpty();
  }

  @Test
  void aGuestDefinedAnewWithAnotherVfHasOnlyItsNewRepresentorPlugged() {
    SwitchedHost h = host("compute-0");
    Nic before = vdpaNic(1, "fa:16:3e:00:00:01");
    Nic after = new Nic(before.portId(), before.vnicType(), before.mac(), before.vlan(), vdpaNic(3, "fa:16:3e:00:00:01").device());
    client.spawn(h.host().url(), blueprint(uuid, before));
    client.power(h.host().url(), uuid, PowerAction.STOP);

    client.spawn(h.host().url(), blueprint(uuid, after));

    assertThat(server.portsOf(h.bridge())).containsExactly(h.vf(3));
    assertBound(h.vf(3), after, uuid);
  }

  @Test
  void attachPlugsTheRepresentorFirstAndDetachUnplugsIt() {
    SwitchedHost h = host("compute-0");
    Nic vdpa = vdpaNic(2, "fa:16:3e:00:00:02");
    client.spawn(h.host().url(), blueprint(uuid, normalNic("fa:16:3e:00:00:0a")));

    client.attachNic(h.host().url(), uuid, vdpa);
    assertThat(server.portsOf(h.bridge())).containsExactly(h.vf(2));
    assertBound(h.vf(2), vdpa, uuid);
    client.detachNic(h.host().url(), uuid, vdpa);
    assertThat(server.portsOf(h.bridge())).isEmpty();

    h.host().hypervisor().failNext(GuestOperation.ATTACH, "the guest refused it");
    assertThatThrownBy(() -> client.attachNic(h.host().url(), uuid, vdpa)).hasMessageContaining("the guest refused it");
    assertThat(server.portsOf(h.bridge())).as("unplugged again").isEmpty();
  }

  @Test
  void liveMigrationPlugsTheDestinationBeforeTheGuestArrivesAndUnplugsTheSourceAfter() throws Exception {
    SwitchedHost source = host("compute-0");
    SwitchedHost destination = host("compute-1");
    Nic onSource = vdpaNic(1, "fa:16:3e:00:00:01");
    Nic onDestination = new Nic(onSource.portId(), onSource.vnicType(), onSource.mac(), onSource.vlan(),
        vdpaNic(3, "fa:16:3e:00:00:01").device());
    GuestBlueprint from = blueprint(uuid, onSource);
    GuestBlueprint to = blueprint(uuid, onDestination);
    client.spawn(source.host().url(), from);

    destination.host().hypervisor().failNext(GuestOperation.LIVE_MIGRATE, "no room after all");
    assertThatThrownBy(() -> client.liveMigrate(source.host().url(), from, "compute-1", destination.host().url(), to))
        .hasMessageContaining("no room after all");
    assertThat(server.portsOf(destination.bridge())).as("unplugged when the guest did not come").isEmpty();
    assertThat(server.portsOf(source.bridge())).containsExactly(source.vf(1));

    client.liveMigrate(source.host().url(), from, "compute-1", destination.host().url(), to);
    assertThat(server.portsOf(source.bridge())).isEmpty();
    assertThat(server.portsOf(destination.bridge())).as("plugged before the nic is").containsExactly(destination.vf(3));
    assertBound(destination.vf(3), onDestination, uuid);
    assertThat(Files.readString(destination.host().hypervisor().domainFile(uuid))).doesNotContain("vhost-vdpa-3");
  }

  @Test
  void aDestinationWhoseSwitchCannotBeReachedRefusesTheMigrationBeforeAnythingMoves() throws Exception {
    SwitchedHost source = host("compute-0");
    TestCloud.Host destination = hostWithoutSwitch("compute-1");
    GuestBlueprint from = blueprint(uuid, vdpaNic(1, "fa:16:3e:00:00:01"));
    client.spawn(source.host().url(), from);

    assertThatThrownBy(() -> client.liveMigrate(source.host().url(), from, "compute-1", destination.url(),
        blueprint(uuid, vdpaNic(3, "fa:16:3e:00:00:01"))))
        .hasMessageContaining("cannot be plugged into the offloaded switch of host compute-1");

    assertThat(Files.readString(source.host().hypervisor().domainFile(uuid))).contains("vhost-vdpa-1");
    assertThat(server.portsOf(source.bridge())).containsExactly(source.vf(1));
    assertThat(client.guests(destination.url())).isEmpty();
  }

  @Test
  void aRestartedAgentsReconciliationPlugsWhatItsGuestsHoldAndUnplugsStraysOfItsOwnOnly() throws Exception {
    SwitchedHost h = host("compute-0");
    Nic held = vdpaNic(0, "fa:16:3e:00:00:01");
    Nic suspended = vdpaNic(1, "fa:16:3e:00:00:02");
    UUID other = UUID.randomUUID();
    client.spawn(h.host().url(), blueprint(uuid, held));
    GuestBlueprint paused = blueprint(other, suspended);
    client.spawn(h.host().url(), paused);
    client.suspend(h.host().url(), paused);
    cloud.stop(h.host());
    // What an agent killed between steps leaves: a port plugged for a spawn that never defined its
    // guest, and a guest's port that never got plugged (here: removed behind the agent's back).
    SwitchPorts.of(server.settings(h.bridge())).plug(new PortBinding(h.vf(3), UUID.randomUUID().toString(),
        MacAddress.parse("fa:16:3e:00:00:03"), UUID.randomUUID()));
    server.vsctl("del-port", h.bridge(), h.vf(0));
    String tunnel = "patch-" + h.prefix();
    server.vsctl("add-port", h.bridge(), tunnel);

    HostSwitch restarted = new HostSwitch(server.settings(h.bridge()),
        vf -> h.host().hypervisor().topology().representorOf(vf, h.prefix()), h.host().hypervisor().driver().devices(),
        "compute-0");
    assertThat(restarted.status()).isEqualTo(SwitchStatus.UP);
    restarted.reconcile(h.host().hypervisor().driver().guests());

    assertThat(server.portsOf(h.bridge())).containsExactly(h.vf(0), h.vf(1), tunnel);
    assertBound(h.vf(0), held, uuid);
    assertBound(h.vf(1), suspended, other);
    restarted.reconcile(h.host().hypervisor().driver().guests());
    assertThat(server.portsOf(h.bridge())).as("a second run changes nothing").containsExactly(h.vf(0), h.vf(1), tunnel);
    assertThat(SwitchPorts.of(server.settings(h.bridge())).plugged()).hasSize(2);
  }
}

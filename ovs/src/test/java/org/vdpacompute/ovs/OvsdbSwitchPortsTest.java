package org.vdpacompute.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.net.MacAddress;

/** Plugging representors into a real ovsdb-server, checked with ovs-vsctl. */
class OvsdbSwitchPortsTest {

  private static OvsdbServer server;
  private String bridge;
  private SwitchPorts ports;

  @BeforeAll
  static void startServer() {
    server = OvsdbServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @BeforeEach
  void freshBridge() {
    bridge = server.newBridge();
    ports = SwitchPorts.of(server.settings(bridge));
  }

  private static PortBinding binding(String representor) {
    return new PortBinding(representor, UUID.randomUUID().toString(), MacAddress.random(new java.util.Random()),
        UUID.randomUUID());
  }

  private static String get(String representor, String key) {
    return server.externalId(representor, key);
  }

  private List<String> portsOfBridge() {
    return server.portsOf(bridge);
  }

  @Test
  void plugAddsPortAndInterfaceWithTheExternalIdsOsVifWrites() {
    PortBinding b = binding("rp" + bridge + "a");

    assertThat(ports.plug(b)).isEqualTo(PlugOutcome.ADDED);

    assertThat(portsOfBridge()).containsExactly(b.representor());
    assertThat(server.vsctl("port-to-br", b.representor())).isEqualTo(bridge);
    assertThat(server.vsctl("list-ifaces", bridge)).isEqualTo(b.representor());
    assertThat(get(b.representor(), "iface-id")).isEqualTo(b.portId());
    assertThat(get(b.representor(), "iface-status")).isEqualTo("active");
    assertThat(get(b.representor(), "attached-mac")).isEqualTo(b.mac().value());
    assertThat(get(b.representor(), "vm-uuid")).isEqualTo(b.instance().toString());
    assertThat(ports.plugged()).containsExactly(b);
  }

  @Test
  void plugAgainChangesNothingAndAddsNothingTwice() {
    PortBinding b = binding("rp" + bridge + "a");
    ports.plug(b);

    assertThat(ports.plug(b)).isEqualTo(PlugOutcome.UNCHANGED);

    assertThat(portsOfBridge()).containsExactly(b.representor());
    assertThat(server.vsctl("--columns=name", "find", "Interface", "name=" + b.representor()).lines()
        .filter(l -> l.startsWith("name")).count()).isEqualTo(1);
  }

  @Test
  void plugOverAnotherPortsBindingRebindsAndKeepsKeysOfOtherPrograms() {
    String rep = "rp" + bridge + "a";
    server.vsctl("add-port", bridge, rep, "--", "set", "Interface", rep,
        "external_ids:iface-id=old-port", "external_ids:ovn-installed=true");
    PortBinding b = binding(rep);

    assertThat(ports.plug(b)).isEqualTo(PlugOutcome.REBOUND);

    assertThat(get(rep, "iface-id")).isEqualTo(b.portId());
    assertThat(get(rep, "vm-uuid")).isEqualTo(b.instance().toString());
    assertThat(get(rep, "ovn-installed")).isEqualTo("true");
    assertThat(portsOfBridge()).containsExactly(rep);
  }

  @Test
  void plugIntoABridgeThatIsNotThereIsRefusedNamingItAndChangesNothing() {
    SwitchPorts missing = SwitchPorts.of(server.settings("br-missing"));

    assertThatThrownBy(() -> missing.plug(binding("rp" + bridge + "a")))
        .isInstanceOf(BridgeNotFoundException.class)
        .hasMessageContaining("bridge br-missing does not exist in the switch at unix:" + server.socket());
    assertThat(server.vsctl("--columns=name", "find", "Interface", "name=rp" + bridge + "a")).isEmpty();
  }

  @Test
  void representorThatIsAPortOfAnotherBridgeIsRefusedAndLeftThere() {
    String other = server.newBridge();
    String rep = "rp" + bridge + "a";
    server.vsctl("add-port", other, rep);

    assertThatThrownBy(() -> ports.plug(binding(rep)))
        .isInstanceOf(RepresentorInUseException.class)
        .hasMessageContaining("representor " + rep + " is a port of another bridge than " + bridge);
    assertThat(server.vsctl("port-to-br", rep)).isEqualTo(other);
    assertThat(portsOfBridge()).isEmpty();
  }

  @Test
  void unplugRemovesPortAndInterfaceFromTheDatabase() {
    PortBinding b = binding("rp" + bridge + "a");
    ports.plug(b);

    assertThat(ports.unplug(b.representor(), b.portId())).isEqualTo(UnplugOutcome.REMOVED);

    assertThat(portsOfBridge()).isEmpty();
    assertThat(server.vsctl("--columns=name", "find", "Interface", "name=" + b.representor())).isEmpty();
    assertThat(server.vsctl("--columns=name", "find", "Port", "name=" + b.representor())).isEmpty();
    assertThat(ports.unplug(b.representor(), b.portId())).isEqualTo(UnplugOutcome.ABSENT);
  }

  @Test
  void unplugForAPortTheRepresentorNoLongerServesLeavesIt() {
    PortBinding now = binding("rp" + bridge + "a");
    ports.plug(now);

    assertThat(ports.unplug(now.representor(), "an-earlier-port")).isEqualTo(UnplugOutcome.HELD_BY_ANOTHER_PORT);

    assertThat(ports.plugged()).containsExactly(now);
  }

  @Test
  void pluggedListsOnlyBoundInterfacesOfThisBridge() {
    PortBinding b = binding("rp" + bridge + "a");
    ports.plug(b);
    server.vsctl("add-port", bridge, "patch-" + bridge);
    String other = server.newBridge();
    SwitchPorts.of(server.settings(other)).plug(binding("rp" + other + "b"));

    assertThat(ports.plugged()).containsExactly(b);
  }

  @Test
  void concurrentPlugsOfOneRepresentorAddItOnceAndOfManyAddThemAll() throws Exception {
    PortBinding shared = binding("rp" + bridge + "s");
    List<PortBinding> distinct = List.of(binding("rp" + bridge + "0"), binding("rp" + bridge + "1"),
        binding("rp" + bridge + "2"), binding("rp" + bridge + "3"));
    List<Callable<PlugOutcome>> plugs = new ArrayList<>();
    for (PortBinding d : distinct) {
      plugs.add(() -> SwitchPorts.of(server.settings(bridge)).plug(shared));
      plugs.add(() -> SwitchPorts.of(server.settings(bridge)).plug(d));
    }
    ExecutorService pool = Executors.newFixedThreadPool(plugs.size());
    List<PlugOutcome> outcomes = new ArrayList<>();
    try {
      for (Future<PlugOutcome> f : pool.invokeAll(plugs)) {
        outcomes.add(f.get());
      }
    } finally {
      pool.shutdown();
    }

    assertThat(outcomes).filteredOn(o -> o == PlugOutcome.ADDED).hasSize(1 + distinct.size());
    assertThat(outcomes).filteredOn(o -> o == PlugOutcome.UNCHANGED).hasSize(distinct.size() - 1);
    assertThat(portsOfBridge()).hasSize(1 + distinct.size());
    assertThat(server.vsctl("--columns=name", "find", "Interface", "name=" + shared.representor()).lines()
        .filter(l -> l.startsWith("name")).count()).isEqualTo(1);
  }

  @Test
  void agentKilledMidPlugLeavesNothingAndTheNextStartReconcilesStrayAndMissing() throws Exception {
    PortBinding stray = binding("rp" + bridge + "0");
    PortBinding wanted = binding("rp" + bridge + "1");
    ports.plug(stray); // the port left the host while the agent was down: never unplugged
    String bridgeUuid = server.vsctl("get", "Bridge", bridge, "_uuid");
    // The agent dies while sending the plug: half of the request reaches the server, then the
    // kernel closes the socket.
    byte[] request = OvsdbConnection.request(1, "transact",
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(OvsdbConnection.DATABASE)
            .addAll(OvsdbSwitchPorts.addOps(bridgeUuid, wanted)));
    try (SocketChannel dying = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      dying.connect(UnixDomainSocketAddress.of(server.socket()));
      dying.write(ByteBuffer.wrap(request, 0, request.length / 2));
    }

    assertThat(ports.plugged()).containsExactly(stray);
    SwitchReconciliation plan = SwitchReconciliation.plan(List.of(wanted), ports.plugged(),
        Set.of(stray.representor(), wanted.representor(), "rp" + bridge + "2"));
    assertThat(plan.toUnplug()).containsExactly(stray);
    assertThat(plan.toPlug()).containsExactly(wanted);
    plan.apply(ports);

    assertThat(ports.plugged()).containsExactly(wanted);
    assertThat(portsOfBridge()).containsExactly(wanted.representor());
    assertThat(SwitchReconciliation.plan(List.of(wanted), ports.plugged(), Set.of(wanted.representor())).isEmpty())
        .isTrue();
  }

  @Test
  void healthSaysTheBridgeIsReachable() {
    assertThat(ports.health()).isEqualTo(new SwitchHealth(true,
        "bridge " + bridge + " of the switch at unix:" + server.socket() + " is reachable"));
    assertThat(SwitchPorts.of(server.settings("br-missing")).health().usable()).isFalse();
  }

  @Test
  void aSwitchThatIsNotThereIsUnreachableAtOnce() {
    SwitchSettings nowhere = new SwitchSettings(true, bridge,
        new OvsdbEndpoint.Unix(server.dir().resolve("no-such.sock")), Duration.ofSeconds(5));
    SwitchPorts absent = SwitchPorts.of(nowhere);

    SwitchHealth health = absent.health();
    assertThat(health.usable()).isFalse();
    assertThat(health.detail()).startsWith("the switch's database at unix:" + server.dir().resolve("no-such.sock")
        + " cannot be reached: cannot connect");
    assertThatThrownBy(() -> absent.plug(binding("rp0"))).isInstanceOf(SwitchUnreachableException.class);
  }

  @Test
  void aSwitchThatAcceptsButNeverAnswersIsUnreachableAfterTheTimeoutNotAHang() throws IOException {
    java.nio.file.Path socket = server.dir().resolve("silent.sock");
    try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      silent.bind(UnixDomainSocketAddress.of(socket));
      SwitchPorts mute = SwitchPorts.of(new SwitchSettings(true, bridge, new OvsdbEndpoint.Unix(socket),
          Duration.ofMillis(300)));
      long start = System.nanoTime();

      assertThatThrownBy(() -> mute.plug(binding("rp0")))
          .isInstanceOf(SwitchUnreachableException.class)
          .hasMessage("the switch's database at unix:" + socket + " cannot be reached: no answer within 300 ms");
      assertThat(mute.health().detail()).endsWith("no answer within 300 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    } finally {
      java.nio.file.Files.deleteIfExists(socket);
    }
  }

  @Test
  void unmanagedSwitchTouchesNothing() {
    SwitchPorts off = SwitchPorts.of(new SwitchSettings(false, bridge, server.endpoint(), Duration.ofSeconds(1)));
    PortBinding b = binding("rp" + bridge + "a");

    assertThat(off.plug(b)).isEqualTo(PlugOutcome.NOT_MANAGED);
    assertThat(off.unplug(b.representor(), b.portId())).isEqualTo(UnplugOutcome.NOT_MANAGED);
    assertThat(off.health().usable()).isTrue();
    assertThat(portsOfBridge()).isEmpty();
  }
}

package org.vdpacompute.app.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vdpacompute.app.servers.ServerFixture.SERVERS;
import static org.vdpacompute.app.servers.ServerFixture.other;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.app.MainProcess;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.allinone.EmulatedSwitch;
import org.vdpacompute.app.compute.ComputeProcess;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.ovs.Bridges;
import org.vdpacompute.ovs.OvsdbEndpoint;
import org.vdpacompute.ovs.OvsdbRelay;
import org.vdpacompute.ovs.OvsdbServerProcess;
import org.vdpacompute.ovs.Vsctl;

/**
 * The all-in-one with a real ovsdb-server of its own ({@code --with-ovsdb}): a server with a vDPA
 * port through its life, with each host's bridge read back with {@code ovs-vsctl} right after each
 * step; interface attach and detach, shelve offload and unshelve; an agent that dies leaving the
 * bridge out of line and starts again; an agent process killed with its plug on the way to the
 * switch; and a host whose switch goes away.
 */
class OffloadedSwitchTest {
  @TempDir static Path dir;
  private static AllInOneCloud cloud;
  private static ServerFixture f;
  private static Vsctl vsctl;

  @BeforeAll
  static void start() throws Exception {
    cloud = AllInOneCloud.start(dir, 0, 2, null, EmulatedSwitch.STARTED);
    f = new ServerFixture(cloud, dir);
    vsctl = new Vsctl(new OvsdbEndpoint.Unix(dir.resolve("ovsdb").resolve("db.sock")));
    f.createLargerVdpaFlavor();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @AfterEach
  void deleteEveryServer() throws Exception {
    f.deleteEveryServer();
    assertThat(bridge("compute-0")).as("nothing left plugged").isEmpty();
    assertThat(bridge("compute-1")).as("nothing left plugged").isEmpty();
  }

  /** The interfaces of a host's bridge. */
  private static List<String> bridge(String host) {
    return vsctl.portsOf("br-int-" + host);
  }

  /** The representor the all-in-one names for a VF of host compute-N: cN, then pf0vfM for function M+1. */
  private static String representor(String host, String vf) {
    return "c" + host.substring("compute-".length()) + "pf0vf" + (PciAddress.parse(vf).function() - 1);
  }

  /**
   * The port is plugged where the server runs, and only there: the bridge of its host holds the
   * representor of the port's device with the port's identity, and the other bridge nothing.
   */
  private static void assertPluggedOnlyOn(String server, String port, String host) throws Exception {
    JsonNode device = f.assertVdpaOn(server, port, host);
    String representor = representor(host, device.get("address").asText());
    assertThat(bridge(host)).containsExactly(representor);
    assertThat(bridge(other(host))).isEmpty();
    assertIdentity(representor, server, port);
  }

  private static void assertIdentity(String representor, String server, String port) throws Exception {
    assertThat(vsctl.externalId(representor, "iface-id")).isEqualTo(port);
    assertThat(vsctl.externalId(representor, "iface-status")).isEqualTo("active");
    assertThat(vsctl.externalId(representor, "attached-mac")).isEqualTo(f.portJson(port).get("mac_address").asText());
    assertThat(vsctl.externalId(representor, "vm-uuid")).isEqualTo(server);
  }

  private record Booted(String server, String port, String host) {}

  private static Booted bootVdpa() throws Exception {
    String port = f.port("vdpa");
    String server = f.boot("{\"port\": \"" + port + "\"}");
    return new Booted(server, port, f.hostOf(server));
  }

  @Test
  void aVdpaPortsRepresentorFollowsItsServerThroughLiveMigrationResizeRevertConfirmAndDelete() throws Exception {
    Booted b = bootVdpa();
    String first = b.host();
    String second = other(first);
    assertPluggedOnlyOn(b.server(), b.port(), first);

    f.action(f.admin, b.server(), "{\"os-migrateLive\": {\"host\": null, \"block_migration\": \"auto\"}}", 202);
    f.admin.awaitJson(SERVERS + "/" + b.server(), j -> j.at("/server/OS-EXT-SRV-ATTR:host").asText().equals(second)
        && j.at("/server/OS-EXT-STS:task_state").isNull(), ServerFixture.WAIT);
    assertPluggedOnlyOn(b.server(), b.port(), second);
    String onSecond = representor(second, f.deviceOf(second, b.server()).get("address").asText());

    f.action(f.demo, b.server(), "{\"resize\": {\"flavorRef\": \"vdpa-large\"}}", 202);
    f.awaitStatus(b.server(), "VERIFY_RESIZE");
    JsonNode resized = f.assertVdpaOn(b.server(), b.port(), first);
    String onFirst = representor(first, resized.get("address").asText());
    assertThat(bridge(first)).containsExactly(onFirst);
    assertIdentity(onFirst, b.server(), b.port());
    assertThat(bridge(second)).as("the source keeps its port until the resize is confirmed").containsExactly(onSecond);

    f.action(f.demo, b.server(), "{\"revertResize\": null}", 202);
    f.awaitStatus(b.server(), "ACTIVE");
    assertPluggedOnlyOn(b.server(), b.port(), second);
    assertThat(bridge(second)).containsExactly(onSecond);

    f.action(f.demo, b.server(), "{\"resize\": {\"flavorRef\": \"vdpa-large\"}}", 202);
    f.awaitStatus(b.server(), "VERIFY_RESIZE");
    f.action(f.demo, b.server(), "{\"confirmResize\": null}", 204);
    f.awaitStatus(b.server(), "ACTIVE");
    assertPluggedOnlyOn(b.server(), b.port(), first);

    f.delete(b.server());
    assertThat(bridge(first)).isEmpty();
    assertThat(bridge(second)).isEmpty();
  }

  @Test
  void anAttachedVdpaPortIsPluggedAndItsDetachUnplugsIt() throws Exception {
    String server = f.boot("{\"uuid\": \"" + f.network + "\"}");
    String host = f.hostOf(server);
    assertThat(bridge(host)).as("a normal port has no representor").isEmpty();
    String port = f.port("vdpa");

    f.demo.expect(200, "POST", SERVERS + "/" + server + "/os-interface",
        "{\"interfaceAttachment\": {\"port_id\": \"" + port + "\"}}");
    assertPluggedOnlyOn(server, port, host);

    f.demo.expect(202, "DELETE", SERVERS + "/" + server + "/os-interface/" + port, null);
    f.demo.awaitJson("/networking/v2.0/ports/" + port, j -> j.at("/port/device_id").asText().isEmpty(), ServerFixture.WAIT);
    assertThat(bridge(host)).isEmpty();
  }

  @Test
  void shelveOffloadUnplugsThePortAndUnshelvePlugsItWhereTheServerLands() throws Exception {
    Booted b = bootVdpa();

    f.action(f.demo, b.server(), "{\"shelve\": null}", 202);
    f.awaitStatus(b.server(), "SHELVED_OFFLOADED");
    assertThat(bridge("compute-0")).isEmpty();
    assertThat(bridge("compute-1")).isEmpty();

    f.action(f.demo, b.server(), "{\"unshelve\": null}", 202);
    f.awaitStatus(b.server(), "ACTIVE");
    assertPluggedOnlyOn(b.server(), b.port(), f.hostOf(b.server()));
  }

  @Test
  void anAgentThatDiedLeavingTheBridgeOutOfLineStartsAgainWithItInLine() throws Exception {
    Booted b = bootVdpa();
    String held = representor(b.host(), f.deviceOf(b.host(), b.server()).get("address").asText());
    String stray = representor(b.host(), "0000:06:00.4").equals(held) ? representor(b.host(), "0000:06:00.3")
        : representor(b.host(), "0000:06:00.4");

    cloud.restartAgent(b.host(), () -> {
      // What an agent killed between steps leaves: a representor plugged for a spawn that never
      // defined its guest; and, lost behind its back, the representor its guest holds.
      vsctl.run("add-port", "br-int-" + b.host(), stray, "--", "set", "Interface", stray,
          "external_ids:iface-id=" + UUID.randomUUID(), "external_ids:iface-status=active",
          "external_ids:attached-mac=fa:16:3e:99:99:99", "external_ids:vm-uuid=" + UUID.randomUUID());
      vsctl.run("del-port", "br-int-" + b.host(), held);
      vsctl.run("add-port", "br-int-" + b.host(), "patch-tun-" + b.host().charAt(b.host().length() - 1));
    });

    String tunnel = "patch-tun-" + b.host().charAt(b.host().length() - 1);
    assertThat(bridge(b.host())).as("no stray, none missing, others' ports left").containsExactly(held, tunnel);
    assertIdentity(held, b.server(), b.port());
    vsctl.run("del-port", "br-int-" + b.host(), tunnel);
  }

  @Test
  void aHostWhoseSwitchGoesAwaySaysSoAndIsNotGivenVdpaServersUntilItIsBack() throws Exception {
    // A third host beating every second, on a switch of its own the test stops and starts.
    Path switchDir = dir.resolve("switch-of-compute-2");
    OvsdbServerProcess ovsdb = OvsdbServerProcess.start(switchDir, System.getenv("PATH"));
    Bridges.ensure(ovsdb.endpoint(), "br-int", Duration.ofSeconds(5));
    Path config = agentConfig("compute-2", ovsdb.endpoint(), "br-int");
    try (ComputeProcess host = ComputeProcess.start(Configuration.load(config).requireForCompute())) {
      assertThat(switchOf("compute-2")).isEqualTo(Map.of("state", "up", "reason", "null"));

      ovsdb.close();
      f.admin.awaitJson(hypervisor("compute-2"), j -> j.at("/hypervisor/vdpa/switch/state").asText().equals("down"),
          ServerFixture.WAIT);
      assertThat(switchOf("compute-2").get("reason")).startsWith("the switch's database at " + ovsdb.endpoint()
          + " cannot be reached");
      JsonNode refused = explanationFor("compute-2");
      assertThat(refused.get("filter").asText()).isEqualTo("OffloadedSwitchFilter");
      assertThat(refused.get("reason").asText()).startsWith("offloaded switch down: the switch's database at "
          + ovsdb.endpoint() + " cannot be reached");
      assertThat(switchOf("compute-0")).as("the all-in-one's own hosts").containsEntry("state", "up");

      ovsdb = OvsdbServerProcess.start(switchDir, System.getenv("PATH"));
      f.admin.awaitJson(hypervisor("compute-2"), j -> j.at("/hypervisor/vdpa/switch/state").asText().equals("up"),
          ServerFixture.WAIT);
      assertThat(explanationFor("compute-2").get("fits").asBoolean()).isTrue();
    } finally {
      ovsdb.close();
      // Its agent is gone: no later build of this class is to try it.
      setDisabled("compute-2", true);
    }
  }

  @Test
  void anAgentKilledWithItsPlugOnTheWayLeavesNoStrayAndNoneMissingOnceStartedAgain() throws Exception {
    // A third host whose agent is a process of its own, for SIGKILL, plugging into a bridge of the
    // cloud's switch through a relay that holds its plug back while the agent is killed.
    String host = "compute-3";
    Path switchSocket = dir.resolve("ovsdb").resolve("db.sock");
    Bridges.ensure(new OvsdbEndpoint.Unix(switchSocket), "br-int-" + host, Duration.ofSeconds(5));
    List<String> others = List.of("compute-0", "compute-1");
    Process agent = null;
    ComputeProcess restarted = null;
    try (OvsdbRelay relay = OvsdbRelay.start(dir.resolve("relay.sock"), switchSocket)) {
      Path config = agentConfig(host, relay.endpoint(), "br-int-" + host, "[emulated]", "representor_prefix = c3");
      agent = MainProcess.start(dir.resolve(host + ".log"), "compute", "--config", config.toString());
      for (String other : others) setDisabled(other, true);
      awaitUp(host);
      Booted held = bootVdpa();
      assertThat(held.host()).isEqualTo(host);
      String heldRepresentor = representor(host, f.deviceOf(host, held.server()).get("address").asText());
      assertPluggedOnlyOn(held.server(), held.port(), host);

      OvsdbRelay.HeldPlug plug = relay.holdNextPlug();
      String port = f.port("vdpa");
      String killed = f.demo.expect(202, "POST", SERVERS, f.serverBody("vm", "{\"port\": \"" + port + "\"}"))
          .at("/server/id").asText();
      plug.awaitArrival(ServerFixture.WAIT);
      agent.destroyForcibly().waitFor();
      plug.deliver();
      // The switch has the plug of a guest that the killed agent never defined.
      String stray = awaitStray(host, heldRepresentor);
      assertThat(vsctl.externalId(stray, "iface-id")).isEqualTo(port);
      JsonNode failed = f.admin.awaitJson(SERVERS + "/" + killed,
          j -> !j.at("/server/status").asText().equals("BUILD"), ServerFixture.WAIT).get("server");
      assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("ERROR");

      restarted = ComputeProcess.start(Configuration.load(config).requireForCompute());
      assertThat(bridge(host)).as("no stray, none missing").containsExactly(heldRepresentor);
      assertIdentity(heldRepresentor, held.server(), held.port());
      f.delete(held.server());
      f.delete(killed);
      assertThat(bridge(host)).isEmpty();
    } finally {
      if (agent != null) agent.destroyForcibly().waitFor();
      if (restarted != null) restarted.close();
      for (String other : others) setDisabled(other, false);
      setDisabled(host, true);
    }
  }

  /** The configuration of an emulated host's agent outside the all-in-one, beating every second, plugging into {@code bridge}. */
  private static Path agentConfig(String host, OvsdbEndpoint endpoint, String bridge, String... more) throws Exception {
    Path hostDir = Files.createDirectories(dir.resolve("hosts").resolve(host));
    String servicePassword = Configuration.load(dir.resolve("vdpa-compute.conf")).identity().servicePassword();
    List<String> lines = new ArrayList<>(List.of(
        "[DEFAULT]", "host = " + host, "state_path = " + hostDir,
        "[identity]", "service_password = " + servicePassword,
        "[compute]", "driver = emulated", "controller_url = http://127.0.0.1:" + cloud.port(), "heartbeat_interval = 1",
        "[ovs]", "plug = true", "bridge = " + bridge, "connection = " + endpoint,
        "[pci]", "device_spec = {\"vendor_id\": \"15b3\", \"physical_network\": \"physnet4\"}"));
    lines.addAll(List.of(more));
    return Files.writeString(hostDir.resolve("agent.conf"), String.join("\n", lines) + "\n");
  }

  private static void setDisabled(String host, boolean disabled) throws Exception {
    f.admin.expect(200, "PUT", "/compute/v2.1/os-services/" + (disabled ? "disable-log-reason" : "enable"),
        "{\"host\": \"" + host + "\", \"binary\": \"nova-compute\""
            + (disabled ? ", \"disabled_reason\": \"test\"" : "") + "}");
  }

  /** Waits until a host's agent, a process of its own that starts slowly on a loaded machine, is up. */
  private static void awaitUp(String host) throws Exception {
    f.admin.awaitJson("/compute/v2.1/os-services", j -> {
      for (JsonNode s : j.get("services")) {
        if (s.get("host").asText().equals(host) && s.get("state").asText().equals("up")) return true;
      }
      return false;
    }, Duration.ofSeconds(120));
  }

  /** Waits until the bridge of {@code host} holds another interface besides {@code held}; that one. */
  private static String awaitStray(String host, String held) throws Exception {
    Instant deadline = Instant.now().plus(ServerFixture.WAIT);
    List<String> ports = bridge(host);
    while (ports.size() < 2 && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
      ports = bridge(host);
    }
    assertThat(ports).as("the plug delivered after its agent died").hasSize(2).contains(held);
    return ports.get(0).equals(held) ? ports.get(1) : ports.get(0);
  }

  private static String hypervisor(String host) throws Exception {
    for (JsonNode h : f.admin.get("/compute/v2.1/os-hypervisors").get("hypervisors")) {
      if (h.get("hypervisor_hostname").asText().equals(host)) return "/compute/v2.1/os-hypervisors/" + h.get("id").asText();
    }
    throw new AssertionError("no hypervisor " + host);
  }

  private static Map<String, String> switchOf(String host) throws Exception {
    JsonNode sw = f.admin.get(hypervisor(host)).at("/hypervisor/vdpa/switch");
    return Map.of("state", sw.get("state").asText(), "reason", sw.get("reason").asText());
  }

  /** What os-scheduling-explain says of a host for a server with a vDPA port. */
  private static JsonNode explanationFor(String host) throws Exception {
    JsonNode e = f.admin.expect(200, "POST", "/compute/v2.1/os-scheduling-explain", "{\"server\": {\"flavorRef\": \"vdpa\","
        + " \"networks\": [{\"port\": \"" + f.port("vdpa") + "\"}]}}").get("scheduling_explanation");
    for (JsonNode h : e.get("hosts")) {
      if (h.get("host").asText().equals(host)) return h;
    }
    throw new AssertionError("no verdict for " + host + " in " + e);
  }
}

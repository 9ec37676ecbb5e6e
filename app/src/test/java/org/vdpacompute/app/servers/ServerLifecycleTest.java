package org.vdpacompute.app.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vdpacompute.app.servers.ServerFixture.SERVERS;
import static org.vdpacompute.app.servers.ServerFixture.other;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.app.allinone.AllInOneCloud;
import org.vdpacompute.app.allinone.CloudApi;

/**
 * Every lifecycle operation on a server with a vDPA port, on two reference hosts (CONTRACT section
 * 5): after each step the devices of both hosts, the port's binding, and the guest's XML on the
 * host the server now runs on.
 */
class ServerLifecycleTest {
  @TempDir static Path dir;
  private static AllInOneCloud cloud;
  private static ServerFixture f;

  @BeforeAll
  static void start() throws Exception {
    cloud = AllInOneCloud.start(dir, 0, 2);
    f = new ServerFixture(cloud, dir);
    f.createLargerVdpaFlavor();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @AfterEach
  void deleteEveryServer() throws Exception {
    f.deleteEveryServer();
    assertThat(f.available("compute-0")).as("no claim left behind").isEqualTo(5);
    assertThat(f.available("compute-1")).as("no claim left behind").isEqualTo(5);
  }

  private record Booted(String server, String port, String host) {}

  private static Booted bootVdpa() throws Exception {
    String port = f.port("vdpa");
    String server = f.boot("{\"port\": \"" + port + "\"}");
    return new Booted(server, port, f.hostOf(server));
  }

  @Test
  void aColdMigrationHoldsBothHostsUntilConfirmThenOnlyTheDestination() throws Exception {
    Booted b = bootVdpa();
    String dest = other(b.host());
    f.action(f.admin, b.server(), "{\"migrate\": null}", 202);
    f.awaitStatus(b.server(), "VERIFY_RESIZE");
    assertThat(f.available(b.host())).as("the source keeps its claim until confirm").isEqualTo(3);
    assertThat(f.available(dest)).isEqualTo(3);
    f.assertVdpaOn(b.server(), b.port(), dest);
    f.action(f.demo, b.server(), "{\"confirmResize\": null}", 204);
    f.awaitStatus(b.server(), "ACTIVE");
    assertThat(f.available(b.host())).isEqualTo(5);
    assertThat(f.available(dest)).isEqualTo(3);
    f.assertVdpaOn(b.server(), b.port(), dest);
    assertThat(f.domainFile(b.host(), b.server())).doesNotExist();
    JsonNode migrations = f.admin.get("/compute/v2.1/os-migrations?instance_uuid=" + b.server()).get("migrations");
    assertThat(migrations).singleElement().satisfies(m -> {
      assertThat(m.get("status").asText()).isEqualTo("confirmed");
      assertThat(m.get("source_compute").asText()).isEqualTo(b.host());
      assertThat(m.get("dest_compute").asText()).isEqualTo(dest);
    });
  }

  @Test
  void aRevertedResizeGoesHomeToItsOwnDeviceAndFreesTheDestination() throws Exception {
    Booted b = bootVdpa();
    JsonNode before = f.assertVdpaOn(b.server(), b.port(), b.host());
    f.action(f.demo, b.server(), "{\"resize\": {\"flavorRef\": \"vdpa-large\"}}", 202);
    JsonNode verifying = f.awaitStatus(b.server(), "VERIFY_RESIZE");
    assertThat(verifying.at("/flavor/id").asText()).isEqualTo("vdpa-large");
    String dest = other(b.host());
    f.assertVdpaOn(b.server(), b.port(), dest);
    assertThat(f.available(b.host())).isEqualTo(3);
    f.action(f.demo, b.server(), "{\"revertResize\": null}", 202);
    JsonNode reverted = f.awaitStatus(b.server(), "ACTIVE");
    assertThat(reverted.at("/flavor/id").asText()).isEqualTo("vdpa");
    JsonNode after = f.assertVdpaOn(b.server(), b.port(), b.host());
    assertThat(after.get("address").asText()).isEqualTo(before.get("address").asText());
    assertThat(f.available(dest)).isEqualTo(5);
    assertThat(f.domainFile(dest, b.server())).doesNotExist();
  }

  @Test
  void aLiveMigrationUnplugsMovesAndPlugsTheDestinationsDevice() throws Exception {
    Booted b = bootVdpa();
    String dest = other(b.host());
    f.action(f.admin, b.server(), "{\"os-migrateLive\": {\"host\": null, \"block_migration\": \"auto\"}}", 202);
    f.admin.awaitJson(SERVERS + "/" + b.server(), j -> j.at("/server/OS-EXT-SRV-ATTR:host").asText().equals(dest)
        && j.at("/server/OS-EXT-STS:task_state").isNull(), ServerFixture.WAIT);
    assertThat(f.awaitStatus(b.server(), "ACTIVE").get("OS-EXT-STS:power_state").asInt()).isEqualTo(1);
    f.assertVdpaOn(b.server(), b.port(), dest);
    assertThat(f.available(b.host())).isEqualTo(5);
    assertThat(f.available(dest)).isEqualTo(3);
    assertThat(f.domainFile(b.host(), b.server())).doesNotExist();
  }

  @Test
  void suspendUnplugsTheVdpaInterfaceAndResumePlugsTheSameDeviceBackHoldingTheClaimThroughout() throws Exception {
    Booted b = bootVdpa();
    JsonNode device = f.assertVdpaOn(b.server(), b.port(), b.host());
    f.action(f.demo, b.server(), "{\"suspend\": null}", 202);
    f.awaitStatus(b.server(), "SUSPENDED");
    assertThat(f.available(b.host())).isEqualTo(3);
    assertThat(f.domainXml(b.host(), b.server())).doesNotContain("type=\"vdpa\"");
    f.action(f.demo, b.server(), "{\"resume\": null}", 202);
    f.awaitStatus(b.server(), "ACTIVE");
    assertThat(f.assertVdpaOn(b.server(), b.port(), b.host()).get("address")).isEqualTo(device.get("address"));
  }

  @Test
  void stopStartAndRebootKeepTheDevice() throws Exception {
    Booted b = bootVdpa();
    f.action(f.demo, b.server(), "{\"os-stop\": null}", 202);
    assertThat(f.awaitStatus(b.server(), "SHUTOFF").get("OS-EXT-STS:power_state").asInt()).isEqualTo(4);
    assertThat(f.available(b.host())).isEqualTo(3);
    f.action(f.demo, b.server(), "{\"reboot\": {\"type\": \"SOFT\"}}", 409);
    f.action(f.demo, b.server(), "{\"os-start\": null}", 202);
    f.awaitStatus(b.server(), "ACTIVE");
    f.action(f.demo, b.server(), "{\"reboot\": {\"type\": \"SOFT\"}}", 202);
    f.awaitStatus(b.server(), "ACTIVE");
    f.assertVdpaOn(b.server(), b.port(), b.host());
    JsonNode actions = f.demo.get(SERVERS + "/" + b.server() + "/os-instance-actions").get("instanceActions");
    assertThat(actions.findValuesAsText("action")).containsExactly("reboot", "start", "stop", "create");
  }

  @Test
  void shelveOffloadFreesTheHostAndUnshelveClaimsWhereItLands() throws Exception {
    Booted b = bootVdpa();
    f.action(f.demo, b.server(), "{\"shelve\": null}", 202);
    JsonNode offloaded = f.awaitStatus(b.server(), "SHELVED_OFFLOADED");
    assertThat(offloaded.get("OS-EXT-SRV-ATTR:host").isNull()).isTrue();
    assertThat(f.available(b.host())).isEqualTo(5);
    JsonNode port = f.portJson(b.port());
    assertThat(port.get("binding:host_id").asText()).isEmpty();
    assertThat(port.get("device_id").asText()).as("still the server's port").isEqualTo(b.server());
    assertThat(f.domainFile(b.host(), b.server())).doesNotExist();
    f.action(f.demo, b.server(), "{\"unshelve\": null}", 202);
    f.awaitStatus(b.server(), "ACTIVE");
    String landed = f.hostOf(b.server());
    f.assertVdpaOn(b.server(), b.port(), landed);
    assertThat(f.available(landed)).isEqualTo(3);
  }

  @Test
  void aVdpaPortAttachedClaimsOnTheServersHostAndDetachGivesItBack() throws Exception {
    String server = f.boot("{\"uuid\": \"" + f.network + "\"}");
    String host = f.hostOf(server);
    String port = f.port("vdpa");
    JsonNode attached = f.demo.expect(200, "POST", SERVERS + "/" + server + "/os-interface",
        "{\"interfaceAttachment\": {\"port_id\": \"" + port + "\"}}").get("interfaceAttachment");
    assertThat(attached.get("port_id").asText()).isEqualTo(port);
    assertThat(f.available(host)).isEqualTo(3);
    f.assertVdpaOn(server, port, host);
    assertThat(f.demo.get(SERVERS + "/" + server + "/os-interface").get("interfaceAttachments")).hasSize(2);
    f.demo.expect(202, "DELETE", SERVERS + "/" + server + "/os-interface/" + port, null);
    f.demo.awaitJson("/networking/v2.0/ports/" + port, j -> j.at("/port/device_id").asText().isEmpty(), ServerFixture.WAIT);
    assertThat(f.available(host)).isEqualTo(5);
    assertThat(f.domainXml(host, server)).doesNotContain("type=\"vdpa\"");
    assertThat(f.portJson(port).get("binding:profile")).isEmpty();
  }

  /** Issue 22, item 1: an attach rebound every port with the new port's device only, wiping the others' profiles. */
  @Test
  void everyPortKeepsItsOwnBindingThroughAttachSuspendResumeMovesAndDetachOfAnother() throws Exception {
    Booted b = bootVdpa();
    JsonNode first = f.assertVdpaOn(b.server(), b.port(), b.host());
    String second = f.port("vdpa");
    f.demo.expect(200, "POST", SERVERS + "/" + b.server() + "/os-interface",
        "{\"interfaceAttachment\": {\"port_id\": \"" + second + "\"}}");
    assertThat(f.portJson(b.port()).at("/binding:profile/pci_slot").asText()).as("the first port after the attach")
        .isEqualTo(first.get("address").asText());
    f.assertVdpaOn(b.server(), second, b.host());
    f.action(f.demo, b.server(), "{\"suspend\": null}", 202);
    f.awaitStatus(b.server(), "SUSPENDED");
    f.action(f.demo, b.server(), "{\"resume\": null}", 202);
    f.awaitStatus(b.server(), "ACTIVE");
    assertThat(f.assertVdpaOn(b.server(), b.port(), b.host()).get("address")).isEqualTo(first.get("address"));
    f.assertVdpaOn(b.server(), second, b.host());
    f.action(f.admin, b.server(), "{\"migrate\": null}", 202);
    f.awaitStatus(b.server(), "VERIFY_RESIZE");
    f.action(f.demo, b.server(), "{\"confirmResize\": null}", 204);
    f.awaitStatus(b.server(), "ACTIVE");
    String dest = other(b.host());
    JsonNode moved = f.assertVdpaOn(b.server(), b.port(), dest);
    assertThat(f.assertVdpaOn(b.server(), second, dest).get("address")).isNotEqualTo(moved.get("address"));
    f.demo.expect(202, "DELETE", SERVERS + "/" + b.server() + "/os-interface/" + second, null);
    f.demo.awaitJson("/networking/v2.0/ports/" + second, j -> j.at("/port/device_id").asText().isEmpty(), ServerFixture.WAIT);
    assertThat(f.assertVdpaOn(b.server(), b.port(), dest).get("address")).as("the first port after the detach")
        .isEqualTo(moved.get("address"));
    assertThat(f.available(dest)).isEqualTo(3);
  }

  /**
   * Issue 22, item 5: an evacuation onto a host that still holds a stale copy of the guest (it was
   * forced down and evacuated, then came back without restarting) answered 200 and left the server
   * ACTIVE with no fault; its retry then left the server holding the stale device too, for good.
   */
  @Test
  void aFailedEvacuationLeavesAFaultAndItsRetryHoldsOneDevice() throws Exception {
    Booted b = bootVdpa();
    String other = other(b.host());
    try {
      forceDown(b.host(), true);
      f.action(f.admin, b.server(), "{\"evacuate\": {}}", 200);
      f.awaitStatus(b.server(), "ACTIVE");
      assertThat(f.hostOf(b.server())).isEqualTo(other);
      forceDown(b.host(), false);
      int freeBefore = f.available(b.host());
      forceDown(other, true);
      f.action(f.admin, b.server(), "{\"evacuate\": {}}", 200);
      JsonNode failed = f.awaitStatus(b.server(), "ERROR");
      assertThat(failed.at("/fault/message").asText()).as(failed.toString()).contains(b.host()).contains("already defined");
      JsonNode action = f.admin.get(SERVERS + "/" + b.server() + "/os-instance-actions").at("/instanceActions/0");
      assertThat(action.get("action").asText()).isEqualTo("evacuate");
      assertThat(action.get("message").asText()).isEqualTo("Error");
      assertThat(f.available(b.host())).as("the failed destination keeps no claim of it").isEqualTo(freeBefore);
      assertThat(f.admin.get("/compute/v2.1/os-migrations?instance_uuid=" + b.server()).at("/migrations/0/status").asText())
          .isEqualTo("failed");

      f.action(f.admin, b.server(), "{\"evacuate\": {}}", 200);
      f.awaitStatus(b.server(), "ACTIVE");
      f.assertVdpaOn(b.server(), b.port(), b.host());
      long held = 0;
      for (JsonNode d : f.devices(b.host())) if (b.server().equals(d.get("instance_uuid").asText(null))) held++;
      assertThat(held).as("the server holds one device where it runs").isEqualTo(1);
      assertThat(f.available(b.host())).isEqualTo(3);
    } finally {
      forceDown(b.host(), false);
      forceDown(other, false);
    }
  }

  /**
   * Issue 22, item 2: an operator's tools for what recovery cannot settle. os-resetState (admin)
   * puts a server in ERROR or ACTIVE and clears its task; a HARD reboot, from ERROR as from
   * ACTIVE, defines the guest again from the server's record: its devices, its ports, its XML.
   */
  @Test
  void resetStateAndAHardRebootRebuildTheGuestFromTheServersRecord() throws Exception {
    Booted b = bootVdpa();
    JsonNode device = f.assertVdpaOn(b.server(), b.port(), b.host());
    java.nio.file.Files.delete(f.domainFile(b.host(), b.server()));
    f.action(f.demo, b.server(), "{\"reboot\": {\"type\": \"HARD\"}}", 202);
    f.awaitStatus(b.server(), "ACTIVE");
    assertThat(f.assertVdpaOn(b.server(), b.port(), b.host()).get("address")).as("the guest defined again, same device")
        .isEqualTo(device.get("address"));

    f.action(f.demo, b.server(), "{\"os-resetState\": {\"state\": \"error\"}}", 403);
    f.action(f.admin, b.server(), "{\"os-resetState\": {\"state\": \"paused\"}}", 400);
    f.action(f.admin, b.server(), "{\"os-resetState\": {\"state\": \"error\", \"extra\": 1}}", 400);
    f.action(f.admin, b.server(), "{\"os-resetState\": null}", 400);
    assertThat(f.awaitStatus(b.server(), "ACTIVE").get("OS-EXT-STS:vm_state").asText()).as("bad input changed nothing")
        .isEqualTo("active");
    f.action(f.admin, b.server(), "{\"os-resetState\": {\"state\": \"error\"}}", 202);
    f.awaitStatus(b.server(), "ERROR");
    f.action(f.demo, b.server(), "{\"os-stop\": null}", 409);
    f.action(f.demo, b.server(), "{\"reboot\": {\"type\": \"SOFT\"}}", 409);
    f.action(f.demo, b.server(), "{\"reboot\": {\"type\": \"HARD\"}}", 202);
    f.awaitStatus(b.server(), "ACTIVE");
    assertThat(f.assertVdpaOn(b.server(), b.port(), b.host()).get("address")).isEqualTo(device.get("address"));
    assertThat(f.available(b.host())).isEqualTo(3);
    JsonNode actions = f.admin.get(SERVERS + "/" + b.server() + "/os-instance-actions").get("instanceActions");
    assertThat(actions.findValuesAsText("action")).containsSubsequence("reboot", "resetState", "reboot", "create");

    f.action(f.demo, b.server(), "{\"os-stop\": null}", 202);
    f.awaitStatus(b.server(), "SHUTOFF");
    f.action(f.demo, b.server(), "{\"reboot\": {\"type\": \"HARD\"}}", 202);
    assertThat(f.awaitStatus(b.server(), "ACTIVE").get("OS-EXT-STS:power_state").asInt()).isEqualTo(1);
    f.assertVdpaOn(b.server(), b.port(), b.host());
  }

  @Test
  void aHardRebootOfAServerThatNeverGotAHostIsRefused() throws Exception {
    f.admin.call("POST", "/compute/v2.1/flavors",
        "{\"flavor\": {\"name\": \"m1.enormous\", \"id\": \"enormous\", \"ram\": 2097152, \"vcpus\": 1, \"disk\": 1}}");
    f.withoutRamQuota(() -> {
      String server = f.demo.call("POST", SERVERS, "{\"server\": {\"name\": \"unplaced\", \"imageRef\": \"" + f.image()
          + "\", \"flavorRef\": \"enormous\", \"networks\": \"none\"}}", "2.37").json().at("/server/id").asText();
      f.awaitStatus(server, "ERROR");
      CloudApi.Answer refused = f.demo.call("POST", SERVERS + "/" + server + "/action", "{\"reboot\": {\"type\": \"HARD\"}}");
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.body()).contains("no host");
    });
  }

  private static void forceDown(String host, boolean down) throws Exception {
    f.admin.call("PUT", "/compute/v2.1/os-services/force-down", "{\"host\": \"" + host
        + "\", \"binary\": \"nova-compute\", \"forced_down\": " + down + "}", "2.11");
  }

  @Test
  void aMoveWhoseDestinationFailsToSpawnLeavesTheServerRunningWhereItWas() throws Exception {
    Booted b = bootVdpa();
    JsonNode before = f.assertVdpaOn(b.server(), b.port(), b.host());
    String dest = other(b.host());
    f.injectFault(dest, "spawn");
    f.action(f.admin, b.server(), "{\"migrate\": null}", 202);
    f.awaitStatus(b.server(), "ACTIVE");
    assertThat(f.assertVdpaOn(b.server(), b.port(), b.host()).get("address")).isEqualTo(before.get("address"));
    assertThat(f.available(b.host())).isEqualTo(3);
    assertThat(f.available(dest)).isEqualTo(5);
    assertThat(f.domainFile(dest, b.server())).doesNotExist();
    assertThat(f.admin.get("/compute/v2.1/os-migrations?instance_uuid=" + b.server()).at("/migrations/0/status").asText())
        .isEqualTo("error");
    JsonNode action = f.demo.get(SERVERS + "/" + b.server() + "/os-instance-actions").at("/instanceActions/0");
    assertThat(action.get("action").asText()).isEqualTo("migrate");
    assertThat(action.get("message").asText()).isEqualTo("Error");
  }

  @Test
  void aBuildIsTriedOnTheNextHostWhenOneFailsToSpawnAndFailsWithEachHostsReasonWhenNoneIsLeft() throws Exception {
    f.injectFault("compute-0", "spawn");
    f.injectFault("compute-1", "spawn");
    String port = f.port("vdpa");
    String server = f.demo.expect(202, "POST", SERVERS, f.serverBody("vm", "{\"port\": \"" + port + "\"}"))
        .at("/server/id").asText();
    JsonNode failed = f.demo.awaitJson(SERVERS + "/" + server, j -> j.at("/server/status").asText().equals("ERROR"),
        ServerFixture.WAIT).get("server");
    assertThat(failed.at("/fault/message").asText()).startsWith("No valid host was found.")
        .contains("Earlier attempts: ").contains("compute-0: ").contains("compute-1: ").contains("injected by the test");
    assertThat(f.available("compute-0")).as("each failed host undone").isEqualTo(5);
    assertThat(f.available("compute-1")).isEqualTo(5);
    assertThat(f.portJson(port).get("binding:host_id").asText()).isEmpty();
    assertThat(f.domainFile("compute-0", server)).doesNotExist();
    assertThat(f.domainFile("compute-1", server)).doesNotExist();
    JsonNode events = f.demo.get(SERVERS + "/" + server + "/os-instance-actions/" + f.demo.get(SERVERS + "/" + server
        + "/os-instance-actions").at("/instanceActions/0/request_id").asText()).at("/instanceAction/events");
    assertThat(events.findValuesAsText("result")).containsOnly("Error").hasSize(3);
  }

  @Test
  void aLiveMigrationTheDestinationRefusesLeavesTheServerWithItsInterfaceOnTheSource() throws Exception {
    Booted b = bootVdpa();
    String dest = other(b.host());
    f.injectFault(dest, "live_migrate");
    f.action(f.admin, b.server(), "{\"os-migrateLive\": {\"host\": \"" + dest + "\", \"block_migration\": false}}", 202);
    f.awaitStatus(b.server(), "ACTIVE");
    f.assertVdpaOn(b.server(), b.port(), b.host());
    assertThat(f.available(b.host())).isEqualTo(3);
    assertThat(f.available(dest)).isEqualTo(5);
    assertThat(f.domainFile(dest, b.server())).doesNotExist();
  }

  @Test
  void anAttachTheHostFailsIsRefusedAndLeavesNoClaim() throws Exception {
    String server = f.boot("{\"uuid\": \"" + f.network + "\"}");
    String host = f.hostOf(server);
    String port = f.port("vdpa");
    f.injectFault(host, "attach_device");
    CloudApi.Answer refused = f.demo.call("POST", SERVERS + "/" + server + "/os-interface",
        "{\"interfaceAttachment\": {\"port_id\": \"" + port + "\"}}");
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(f.available(host)).isEqualTo(5);
    assertThat(f.portJson(port).get("device_id").asText()).isEmpty();
    assertThat(f.awaitStatus(server, "ACTIVE").get("addresses").get("physnet4-net")).hasSize(1);
  }

  @Test
  void actionsTheStateForbidsAreRefusedWithTheReason() throws Exception {
    Booted b = bootVdpa();
    CloudApi.Answer refused = f.demo.call("POST", SERVERS + "/" + b.server() + "/action", "{\"resume\": null}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body()).contains("Cannot 'resume' instance").contains("vm_state active");
    assertThat(f.demo.call("POST", SERVERS + "/" + b.server() + "/action", "{\"migrate\": null}").status())
        .as("migrate is for administrators").isEqualTo(403);
    assertThat(f.demo.call("POST", SERVERS + "/" + b.server() + "/action", "{\"confirmResize\": null}").status())
        .isEqualTo(409);
    assertThat(f.demo.call("POST", SERVERS + "/" + b.server() + "/action", "{\"fly\": null}").status()).isEqualTo(400);
    assertThat(f.admin.call("POST", SERVERS + "/" + b.server() + "/action", "{\"evacuate\": {}}").body())
        .contains("still in use");
  }
}

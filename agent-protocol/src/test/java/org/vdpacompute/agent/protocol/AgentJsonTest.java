package org.vdpacompute.agent.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.core.pci.request.VnicType;

/** The protocol's JSON: values travel as the text operators know them, are read back typed, and bad ones are refused. */
class AgentJsonTest {
  private static final ObjectMapper JSON = AgentJson.mapper();
  private static final UUID GUEST = UUID.fromString("11111111-0000-0000-0000-000000000001");
  private static final UUID PORT = UUID.fromString("44444444-0000-0000-0000-000000000004");

  private static GuestBlueprint blueprint() {
    GuestBlueprint.Nic vdpa = new GuestBlueprint.Nic(PORT, VnicType.VDPA, MacAddress.parse("fa:16:3e:00:00:01"), 42,
        new GuestBlueprint.Device(PciAddress.parse("0000:06:00.3"), new VdpaDevice("vdpa2", "/dev/vhost-vdpa-2"), null));
    return new GuestBlueprint(GUEST, "instance-" + GUEST, new GuestBlueprint.Size("m1.vdpa", 2, 2048, 10),
        UUID.fromString("33333333-0000-0000-0000-000000000003"), List.of(0), List.of(vdpa),
        List.of(PciAddress.parse("0000:07:00.0")));
  }

  @Test
  void aBlueprintTravelsWithItsValuesAsTextAndComesBackEqual() throws Exception {
    String text = JSON.writeValueAsString(blueprint());
    JsonNode tree = JSON.readTree(text);
    assertThat(tree.at("/nics/0/vnicType").asText()).isEqualTo("vdpa");
    assertThat(tree.at("/nics/0/mac").asText()).isEqualTo("fa:16:3e:00:00:01");
    assertThat(tree.at("/nics/0/device/address").asText()).isEqualTo("0000:06:00.3");
    assertThat(tree.at("/hostdevs/0").asText()).isEqualTo("0000:07:00.0");
    assertThat(JSON.readValue(text, GuestBlueprint.class)).isEqualTo(blueprint());
  }

  @Test
  void anActionIsOneFieldNamedAfterIt() throws Exception {
    assertThat(JSON.writeValueAsString(GuestAction.POWER.body(PowerAction.STOP))).isEqualTo("{\"power\":\"stop\"}");
    LiveMigrationRequest move = new LiveMigrationRequest(blueprint(), "compute-1", URI.create("http://127.0.0.1:9"),
        blueprint());
    JsonNode body = JSON.valueToTree(GuestAction.LIVE_MIGRATE.body(move));
    assertThat(JSON.treeToValue(body.get("liveMigrate"), LiveMigrationRequest.class)).isEqualTo(move);
    assertThatThrownBy(() -> GuestAction.SUSPEND.body(PowerAction.STOP)).hasMessageContaining("is a guest blueprint");
    assertThatThrownBy(() -> GuestAction.fromApiName("fly")).hasMessageContaining("expected power, suspend");
    assertThatThrownBy(() -> new LiveMigrationRequest(blueprint(), "compute-1", URI.create("file:///etc/passwd"), blueprint()))
        .hasMessageContaining("is not an http:// or https:// URL");
  }

  @Test
  void aHostReportCarriesItsDevicesByAddressAndIds() throws Exception {
    DeviceReport vf = DeviceReport.vdpa(PciAddress.parse("0000:06:00.1"), new VendorProduct("15b3", "101e"),
        PciAddress.parse("0000:06:00.0"), 0, new VdpaDevice("vdpa0", "/dev/vhost-vdpa-0"));
    HostReport report = new HostReport("compute-0", ServiceVersion.CURRENT, 10, "kvm", "6.9.0", "5.1.0", "5.15.0", 8,
        16384, 100, List.of(new HostReport.Cell(0, 0, 8, 16384)), true, null, List.of(vf), List.of("{}"),
        URI.create("http://127.0.0.1:8775"));
    JsonNode tree = JSON.valueToTree(report);
    assertThat(tree.at("/devices/0/address").asText()).isEqualTo("0000:06:00.1");
    assertThat(tree.at("/devices/0/ids").asText()).isEqualTo("15b3:101e");
    assertThat(JSON.treeToValue(tree, HostReport.class)).isEqualTo(report);
  }

  @Test
  void aHostReportSaysWhetherItsSwitchIsDownAndWhy() throws Exception {
    HostReport report = new HostReport("compute-0", ServiceVersion.CURRENT, 10, "kvm", "6.9.0", "5.1.0", "5.15.0", 8,
        16384, 100, List.of(new HostReport.Cell(0, 0, 8, 16384)), true, null, List.of(), List.of("{}"),
        URI.create("http://127.0.0.1:8775"), SwitchStatus.down("the switch's database at unix:/x cannot be reached"));
    JsonNode tree = JSON.valueToTree(report);

    assertThat(tree.at("/switchStatus/state").asText()).isEqualTo("down");
    assertThat(JSON.treeToValue(tree, HostReport.class)).isEqualTo(report);
    assertThat(report.switchUsable()).isFalse();
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove("switchStatus");
    HostReport older = JSON.treeToValue(tree, HostReport.class);
    assertThat(older.switchStatus()).as("an agent from before switch plugging").isNull();
    assertThat(older.switchUsable()).isTrue();
    assertThatThrownBy(() -> new SwitchStatus(SwitchStatus.State.DOWN, " ")).hasMessageContaining("exactly when it is down");
    assertThatThrownBy(() -> JSON.readValue("{\"state\": \"sideways\", \"reason\": null}", SwitchStatus.class))
        .hasMessageContaining("'sideways' is not a switch state");
  }

  @Test
  void aReportOfAnAgentOfThePreviousReleaseIsStillRead() throws Exception {
    // Agents before this protocol wrote a device's address and ids as the records' objects; a
    // controller upgraded first must still take their registrations.
    String device = "{\"address\": {\"domain\": 0, \"bus\": 6, \"slot\": 0, \"function\": 1},"
        + " \"ids\": {\"vendorId\": \"15b3\", \"productId\": \"101e\"}, \"type\": \"VF\","
        + " \"parentAddress\": {\"domain\": 0, \"bus\": 6, \"slot\": 0, \"function\": 0}, \"numaNode\": 0,"
        + " \"driver\": null, \"ifname\": null, \"vdpa\": null}";
    DeviceReport read = JSON.readValue(device, DeviceReport.class);
    assertThat(read).isEqualTo(DeviceReport.vf(PciAddress.parse("0000:06:00.1"), new VendorProduct("15b3", "101e"),
        PciAddress.parse("0000:06:00.0"), 0));
  }

  @Test
  void whatIsNotAValueOfItsTypeIsRefusedSayingWhy() {
    String badAddress = "{\"portId\": \"" + PORT + "\", \"vnicType\": \"vdpa\", \"mac\": \"fa:16:3e:00:00:01\","
        + " \"device\": {\"address\": \"06:00.3\"}}";
    assertThatThrownBy(() -> JSON.readValue(badAddress, GuestBlueprint.Nic.class))
        .isInstanceOf(JsonProcessingException.class).hasMessageContaining("is not a PCI address");
    String multicast = "{\"portId\": \"" + PORT + "\", \"vnicType\": \"vdpa\", \"mac\": \"01:00:5e:00:00:01\"}";
    assertThatThrownBy(() -> JSON.readValue(multicast, GuestBlueprint.Nic.class)).hasMessageContaining("multicast");
    String unknownVnic = "{\"portId\": \"" + PORT + "\", \"vnicType\": \"smartnic\", \"mac\": \"fa:16:3e:00:00:01\"}";
    assertThatThrownBy(() -> JSON.readValue(unknownVnic, GuestBlueprint.Nic.class)).hasMessageContaining("smartnic");
    assertThatThrownBy(() -> JSON.readValue("{\"uuid\": \"not-a-uuid\", \"state\": \"running\"}", GuestSummary.class))
        .hasMessageContaining("'not-a-uuid' is not a UUID");
    assertThatThrownBy(() -> JSON.readValue("{\"uuid\": \"" + GUEST + "\", \"state\": \"flying\"}", GuestSummary.class))
        .hasMessageContaining("not a guest state");
    assertThatThrownBy(() -> JSON.readValue("{\"uuid\": \"" + GUEST + "\", \"state\": \"running\", \"owner\": 1}",
        GuestSummary.class)).as("a field the record does not have").hasMessageContaining("owner");
  }

  @Test
  void aValueOfAnotherJsonTypeIsRefusedNotCoerced() throws Exception {
    JsonNode report = JSON.valueToTree(new HostReport("compute-0", ServiceVersion.CURRENT, 10, "kvm", "6.9.0", "5.1.0",
        "5.15.0", 8, 16384, 100, List.of(new HostReport.Cell(0, 0, 8, 16384)), true, null, List.of(), List.of("{}"),
        URI.create("http://127.0.0.1:8775")));
    ((com.fasterxml.jackson.databind.node.ObjectNode) report).put("vdpaSupported", 1);
    assertThatThrownBy(() -> JSON.treeToValue(report, HostReport.class)).as("a number for a boolean")
        .isInstanceOf(JsonProcessingException.class).hasMessageContaining("vdpaSupported");
    ((com.fasterxml.jackson.databind.node.ObjectNode) report).put("vdpaSupported", true).put("vcpus", "8");
    assertThatThrownBy(() -> JSON.treeToValue(report, HostReport.class)).as("a string for a number")
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> JSON.readValue("{\"uuid\": \"" + GUEST + "\", \"state\": \"running\"} {}",
        GuestSummary.class)).as("anything after the value").isInstanceOf(JsonProcessingException.class);
  }
}

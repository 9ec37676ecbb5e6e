package org.vdpacompute.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vdpacompute.app.config.Configs.read;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.pci.spec.DeviceSpec;

class PciConfigTest {

  @Test
  void deviceSpecAndItsOlderNameFormOneListInFileOrder() {
    Configuration config = read("""
        [pci]
        device_spec = {"vendor_id": "15b3", "product_id": "101d"}
        passthrough_whitelist = {"vendor_id": "15b3", "product_id": "101e"}
        alias = {"name": "gpu", "vendor_id": "10de"}
        device_spec = [{"vendor_id": "8086", "product_id": "1515"}, {"vendor_id": "8086", "product_id": "1520"}]
        passthrough_whitelist = {"vendor_id": "10de", "product_id": "20b5"}
        """);

    assertThat(config.pci().deviceSpec().specs())
        .extracting(s -> s.vendorId().orElseThrow() + ":" + s.productId().orElseThrow())
        .containsExactly("15b3:101d", "15b3:101e", "8086:1515", "8086:1520", "10de:20b5");
    assertThat(config.pci().deviceSpec().specs()).extracting(DeviceSpec::origin)
        .containsExactly("device_spec entry 1", "device_spec entry 2",
            "device_spec entry 3, element 1", "device_spec entry 3, element 2",
            "device_spec entry 4");
  }

  @Test
  void deviceSpecValuesNovaAcceptsAreAccepted() {
    // Issue 21: these made the agent exit 2, though Nova reads them.
    Configuration config = read("""
        [pci]
        device_spec = {"vendor_id": "0x15b3", "product_id": "0x101e", "remote_managed": "no", "trusted": "Yes"}
        device_spec = {"address": "0x0:0x06:0x00.*", "remote_managed": "OFF"}
        """);

    assertThat(config.pci().deviceSpec().specs()).first().satisfies(s -> {
      assertThat(s.vendorId()).contains("15b3");
      assertThat(s.productId()).contains("101e");
      assertThat(s.tags()).containsOnly(Map.entry("remote_managed", "false"), Map.entry("trusted", "true"));
    });
    assertThat(config.pci().deviceSpec().specs().get(1).remoteManaged()).isFalse();
  }

  @Test
  void passthroughWhitelistAloneIsAccepted() {
    Configuration config = read("[pci]\npassthrough_whitelist = {\"devname\": \"enp6s0f0\"}\n");

    assertThat(config.pci().deviceSpec().specs()).singleElement()
        .satisfies(s -> assertThat(s.devname()).hasValue("enp6s0f0"));
  }

  @Test
  void aliasesRepeatAndKeepTheirAlternatives() {
    Configuration config = read("""
        [pci]
        alias = {"name": "gpu", "vendor_id": "10de", "product_id": "20b5"}
        alias = {"name": "nic", "vendor_id": "15b3", "device_type": "type-VF"}
        alias = {"name": "gpu", "vendor_id": "10de", "product_id": "20b0"}
        """);

    assertThat(config.pci().alias().names()).containsExactly("gpu", "nic");
    assertThat(config.pci().alias().get("gpu")).extracting(a -> a.productId())
        .containsExactly("20b5", "20b0");
  }
}

package org.vdpacompute.core.pci.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.NumaPolicy;

class PciAliasTest {

  @Test
  void requestSpecHasTheIdsAndTypeInPoolForm() {
    PciAlias gpu = new PciAlias("gpu", "10DE", "20B5", DevType.PCI, NumaPolicy.REQUIRED);
    assertThat(gpu.requestSpec())
        .containsExactly(
            Map.entry("vendor_id", "10de"),
            Map.entry("product_id", "20b5"),
            Map.entry("dev_type", "type-pci"));
  }

  @Test
  void requestSpecLeavesOutWhatTheAliasDoesNotSet() {
    assertThat(new PciAlias("any-intel", "8086", null, null, null).requestSpec())
        .isEqualTo(Map.of("vendor_id", "8086"));
    assertThat(new PciAlias("vf", null, null, DevType.VF, null).requestSpec())
        .isEqualTo(Map.of("dev_type", "type-vf"));
  }

  @Test
  void requestSpecCannotBeChanged() {
    Map<String, String> spec = new PciAlias("a", "8086", null, null, null).requestSpec();
    assertThatThrownBy(() -> spec.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nameIsStrippedAndRequired() {
    assertThat(new PciAlias(" gpu ", null, null, null, null).name()).isEqualTo("gpu");
    assertThatThrownBy(() -> new PciAlias("  ", null, null, null, null))
        .isInstanceOf(InvalidAliasException.class);
    assertThatThrownBy(() -> new PciAlias(null, null, null, null, null))
        .isInstanceOf(InvalidAliasException.class);
    assertThatThrownBy(() -> new PciAlias("x".repeat(257), null, null, null, null))
        .isInstanceOf(InvalidAliasException.class);
  }

  @Test
  void idsMustBeFourHexDigits() {
    assertThatThrownBy(() -> new PciAlias("a", "808", null, null, null))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("vendor_id '808'");
  }

  @Test
  void vdpaTypeIsRefused() {
    assertThatThrownBy(() -> new PciAlias("nic", "15b3", "101e", DevType.VDPA, null))
        .isInstanceOf(InvalidAliasException.class)
        .hasMessageContaining("only through ports with vnic_type vdpa");
  }
}

package org.vdpacompute.core.pci.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.NumaPolicy;

class PciAliasListTest {

  private static PciAliasList aliases(String... values) {
    return PciAliasList.parse(List.of(values));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> refusing(String... values) {
    return assertThatThrownBy(() -> aliases(values))
        .isInstanceOf(InvalidAliasException.class)
        .isInstanceOf(InvalidValueException.class);
  }

  @Test
  void parsesEveryKey() {
    PciAliasList list =
        aliases(
            "{\"name\": \"QuickAssist\", \"product_id\": \"0443\", \"vendor_id\": \"8086\","
                + " \"device_type\": \"type-PCI\", \"numa_policy\": \"required\"}");
    assertThat(list.get("QuickAssist"))
        .containsExactly(
            new PciAlias("QuickAssist", "8086", "0443", DevType.PCI, NumaPolicy.REQUIRED));
  }

  @Test
  void onlyTheNameIsRequired() {
    assertThat(aliases("{\"name\": \"anything\"}").get("anything"))
        .containsExactly(new PciAlias("anything", null, null, null, null));
  }

  @Test
  void idsAreNormalisedToLowercase() {
    PciAlias gpu = aliases("{\"name\": \"gpu\", \"vendor_id\": \"10DE\", \"product_id\": \"20B5\"}")
        .get("gpu").get(0);
    assertThat(gpu.vendorId()).isEqualTo("10de");
    assertThat(gpu.productId()).isEqualTo("20b5");
  }

  @Test
  void everyDeviceTypeAndPolicyIsAccepted() {
    PciAliasList list =
        aliases(
            "{\"name\": \"a\", \"device_type\": \"type-PF\", \"numa_policy\": \"legacy\"}",
            "{\"name\": \"b\", \"device_type\": \"type-VF\", \"numa_policy\": \"preferred\"}",
            "{\"name\": \"c\", \"device_type\": \"type-pci\", \"numa_policy\": \"SOCKET\"}");
    assertThat(list.get("a").get(0).deviceType()).isEqualTo(DevType.PF);
    assertThat(list.get("b").get(0).numaPolicy()).isEqualTo(NumaPolicy.PREFERRED);
    assertThat(list.get("c").get(0)).extracting(PciAlias::deviceType, PciAlias::numaPolicy)
        .containsExactly(DevType.PCI, NumaPolicy.SOCKET);
    assertThat(list.names()).containsExactly("a", "b", "c");
  }

  @Test
  void sameNameTwiceGivesAlternativesInOrder() {
    PciAliasList list =
        aliases(
            "{\"name\": \"gpu\", \"vendor_id\": \"10de\", \"product_id\": \"20b5\"}",
            "{\"name\": \"nic\", \"vendor_id\": \"8086\"}",
            "{\"name\": \" gpu \", \"vendor_id\": \"10de\", \"product_id\": \"20b7\"}");
    assertThat(list.get("gpu")).extracting(PciAlias::productId).containsExactly("20b5", "20b7");
    assertThat(list.names()).containsExactly("gpu", "nic");
  }

  @Test
  void unknownNameHasNoAlternatives() {
    assertThat(aliases("{\"name\": \"gpu\"}").get("fpga")).isEmpty();
    assertThat(aliases().get(null)).isEmpty();
  }

  @Test
  void lookupIgnoresSurroundingBlanks() {
    assertThat(aliases("{\"name\": \"gpu\"}").get(" gpu ")).hasSize(1);
  }

  @Test
  void entriesOfOneNameMustAgreeOnNumaPolicy() {
    refusing(
            "{\"name\": \"gpu\", \"numa_policy\": \"required\"}",
            "{\"name\": \"other\"}",
            "{\"name\": \"gpu\", \"numa_policy\": \"preferred\"}")
        .hasMessage(
            "alias entry 3: key 'numa_policy': 'preferred' differs from 'required' of alias 'gpu'"
                + " in alias entry 1; entries of one name must agree");
  }

  @Test
  void missingNumaPolicyAgreesWithLegacy() {
    // Nova reads a missing numa_policy as legacy before comparing.
    assertThat(
            aliases(
                    "{\"name\": \"gpu\", \"numa_policy\": \"legacy\"}",
                    "{\"name\": \"gpu\"}")
                .get("gpu"))
        .hasSize(2);
    refusing("{\"name\": \"gpu\"}", "{\"name\": \"gpu\", \"numa_policy\": \"required\"}")
        .hasMessageContaining("'required' differs from 'legacy'");
  }

  @Test
  void entriesOfOneNameMustAgreeOnDeviceType() {
    refusing(
            "{\"name\": \"gpu\", \"device_type\": \"type-PCI\"}",
            "{\"name\": \"gpu\", \"device_type\": \"type-VF\"}")
        .hasMessage(
            "alias entry 2: key 'device_type': 'type-VF' differs from 'type-PCI' of alias 'gpu'"
                + " in alias entry 1; entries of one name must agree");
    refusing("{\"name\": \"gpu\"}", "{\"name\": \"gpu\", \"device_type\": \"type-PF\"}")
        .hasMessageContaining("'type-PF' differs from '(any)'");
  }

  @Test
  void vdpaDeviceTypeIsRefusedSayingVdpaIsForPortsOnly() {
    refusing("{\"name\": \"nic\", \"vendor_id\": \"15b3\", \"device_type\": \"vdpa\"}")
        .hasMessage(
            "alias entry 1: key 'device_type': 'vdpa' cannot be used by an alias: vDPA devices"
                + " are consumed only through ports with vnic_type vdpa, never through a flavor"
                + " alias");
    refusing("{\"name\": \"nic\", \"device_type\": \"VDPA\"}")
        .hasMessageContaining("vnic_type vdpa");
  }

  @Test
  void unknownDeviceTypeIsRefused() {
    refusing("{\"name\": \"x\", \"device_type\": \"type-GPU\"}")
        .hasMessage(
            "alias entry 1: key 'device_type': 'type-GPU' is not type-PCI, type-PF or type-VF");
  }

  @Test
  void unknownNumaPolicyIsRefused() {
    refusing("{\"name\": \"x\", \"numa_policy\": \"strict\"}")
        .hasMessage(
            "alias entry 1: key 'numa_policy': 'strict' is not required, legacy, preferred or"
                + " socket");
  }

  @Test
  void unknownKeyIsRefused() {
    refusing("{\"name\": \"x\"}", "{\"name\": \"y\", \"physical_network\": \"physnet4\"}")
        .hasMessage(
            "alias entry 2: key 'physical_network': 'physnet4' is not an alias key (name,"
                + " vendor_id, product_id, device_type, numa_policy)");
  }

  @Test
  void capabilityTypePciIsAcceptedForNovaCompatibility() {
    assertThat(aliases("{\"name\": \"x\", \"capability_type\": \"pci\"}").get("x")).hasSize(1);
    refusing("{\"name\": \"x\", \"capability_type\": \"usb\"}")
        .hasMessage("alias entry 1: key 'capability_type': 'usb' is not 'pci'");
  }

  @Test
  void missingNameIsRefused() {
    refusing("{\"vendor_id\": \"8086\"}").hasMessage("alias entry 1: key 'name' is missing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void blankNameIsRefused(String name) {
    refusing("{\"name\": \"" + name + "\"}")
        .hasMessage("alias entry 1: key 'name': '" + name + "' must be 1 to 256 characters");
  }

  @Test
  void overlongNameIsRefused() {
    refusing("{\"name\": \"" + "n".repeat(257) + "\"}").hasMessageEndingWith("must be 1 to 256 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"808", "80860", "*", "xyzw"})
  void idsMustBeFourHexDigits(String id) {
    refusing("{\"name\": \"x\", \"vendor_id\": \"" + id + "\"}")
        .hasMessage("alias entry 1: key 'vendor_id': '" + id + "' is not 4 hex digits");
    refusing("{\"name\": \"x\", \"product_id\": \"" + id + "\"}")
        .hasMessage("alias entry 1: key 'product_id': '" + id + "' is not 4 hex digits");
  }

  @Test
  void valueThatIsNotAStringIsRefused() {
    refusing("{\"name\": \"x\", \"vendor_id\": 8086}")
        .hasMessage("alias entry 1: key 'vendor_id': '8086' is not a string");
    refusing("{\"name\": null}").hasMessage("alias entry 1: key 'name': 'null' is not a string");
  }

  @Test
  void notJsonIsRefused() {
    refusing("{\"name\": \"x\"}", "name=gpu")
        .hasMessageStartingWith("alias entry 2: 'name=gpu' is not JSON: ");
  }

  @Test
  void listIsRefusedBecauseEachAliasIsItsOwnValue() {
    refusing("[{\"name\": \"a\"}, {\"name\": \"b\"}]")
        .hasMessage(
            "alias entry 1: '[{\"name\": \"a\"}, {\"name\": \"b\"}]' is not a JSON object (give"
                + " each alias as its own value)");
  }

  @Test
  void repeatedKeyIsRefused() {
    refusing("{\"name\": \"a\", \"name\": \"b\"}").hasMessageContaining("is not JSON");
  }

  @Test
  void emptyConfigurationHasNoAliases() {
    assertThat(aliases().names()).isEmpty();
  }
}

package org.vdpacompute.core.pci.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vdpacompute.core.pci.spec.Devices.refPf;
import static org.vdpacompute.core.pci.spec.Devices.refVf;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceIdentity;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VendorProduct;

/**
 * Entries Nova's {@code devspec.py} accepts, each read as Nova reads it (issue 21: such values made
 * the agent exit). The readings were taken from Nova Zed's own classes.
 */
class DeviceSpecAsNovaReadsItTest {

  private static DeviceSpecList specs(String... values) {
    return DeviceSpecList.parse(List.of(values));
  }

  private static Map<String, String> tagsOfVf(String spec) {
    return specs(spec).tagsOf(refVf(1)).orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x15b3", " 0X15B3 ", "15_b3", "+15b3", "0x_15b3", "0015b3"})
  void idsAreHexNumbersAsPythonReadsThem(String vendor) {
    DeviceSpec spec = specs("{\"vendor_id\": \"" + vendor + "\", \"product_id\": \"0x101E\"}").specs().get(0);
    assertThat(spec.vendorId()).contains("15b3");
    assertThat(spec.productId()).contains("101e");
    assertThat(spec.matches(refVf(1))).isTrue();
  }

  @Test
  void aShortIdIsZeroPaddedAndANegativeOneSelectsNothing() {
    assertThat(specs("{\"vendor_id\": \"15b\"}").specs().get(0).vendorId()).contains("015b");
    DeviceIdentity shortVendor = new DeviceIdentity(PciAddress.parse("0000:81:00.0"),
        new VendorProduct("015b", "0001"), DevType.PCI, null, null, null, null);
    assertThat(specs("{\"vendor_id\": \"15b\"}").tagsOf(shortVendor)).isPresent();
    assertThat(specs("{\"vendor_id\": \"-1\"}").tagsOf(refVf(1))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"no\"", "\"No\"", "\"off\"", "\"OFF\"", "\"0\"", "0", "\"n\"", "\"f\"", "\"False\"", "false"})
  void remoteManagedInAnyOsloSpellingOfFalse(String value) {
    DeviceSpec spec = specs("{\"remote_managed\": " + value + "}").specs().get(0);
    assertThat(spec.remoteManaged()).isFalse();
    assertThat(spec.tags()).containsExactly(Map.entry("remote_managed", "false"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"yes\"", "\"YES\"", "\"on\"", "\"1\"", "1", "\"y\"", "\"T\"", "\"true\"", "true"})
  void remoteManagedInAnyOsloSpellingOfTrue(String value) {
    DeviceSpec spec = specs("{\"product_id\": \"101e\", \"remote_managed\": " + value + "}").specs().get(0);
    assertThat(spec.remoteManaged()).isTrue();
    assertThat(spec.tags()).containsExactly(Map.entry("remote_managed", "true"));
  }

  @Test
  void trustedInAnyOsloSpellingIsTheBoolean() {
    assertThat(tagsOfVf("{\"trusted\": \"yes\"}")).isEqualTo(Map.of("trusted", "true"));
    assertThat(tagsOfVf("{\"trusted\": \"Off\"}")).isEqualTo(Map.of("trusted", "false"));
  }

  @Test
  void booleanTagsThatSpellNoBooleanAreKeptAsTheyAreAsNovaKeepsThem() {
    DeviceSpec spec = specs("{\"remote_managed\": \"maybe\", \"trusted\": [1]}").specs().get(0);
    assertThat(spec.remoteManaged()).isFalse();
    assertThat(spec.tags()).isEqualTo(Map.of("remote_managed", "maybe", "trusted", "[1]"));
  }

  @Test
  void tagsOfAnyJsonTypeAndAnyKeyAreKept() {
    assertThat(tagsOfVf("{\"group\": {\"a\": 1}, \"\": \"X\", \"weight\": NaN}"))
        .isEqualTo(Map.of("group", "{\"a\":1}", "", "x", "weight", "nan"));
  }

  @Test
  void aRepeatedKeyKeepsItsLastValueAsPythonsJsonDoes() {
    assertThat(tagsOfVf("{\"physical_network\": \"a\", \"physical_network\": \"b\"}"))
        .isEqualTo(Map.of("physical_network", "b"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "{}", "[]", "0", "false", "null"})
  void anAddressPythonTakesAsFalseIsAny(String address) {
    assertThat(specs("{\"address\": " + address + "}").tagsOf(refPf())).isPresent();
    assertThat(specs("{\"address\": " + address + ", \"devname\": \"enp6s0f0\"}").specs().get(0).devname())
        .contains("enp6s0f0");
  }

  @Test
  void anAddressObjectIgnoresKeysOtherThanItsFields() {
    assertThat(specs("{\"address\": {\"bus\": \"06\", \"port\": 1}}").tagsOf(refVf(1))).isPresent();
    assertThat(specs("{\"address\": {\"bus\": \"07\", \"port\": 1}}").tagsOf(refVf(1))).isEmpty();
  }

  @Test
  void anEmptyDevnameIsNoneAndTheAddressOrEverythingApplies() {
    assertThat(specs("{\"devname\": \"\"}").tagsOf(refPf())).isPresent();
    assertThat(specs("{\"devname\": \"\", \"address\": \"*:*:*.1\"}").tagsOf(refPf())).isEmpty();
    assertThat(specs("{\"devname\": \"\", \"address\": \"*:*:*.1\"}").tagsOf(refVf(1))).isPresent();
  }

  @Test
  void aDevnameThatNamesNoInterfaceSelectsNothing() {
    assertThat(specs("{\"devname\": \" \"}").tagsOf(refPf())).isEmpty();
    assertThat(specs("{\"devname\": 5}").specs().get(0).devname()).contains("5");
  }

  @Test
  void remoteManagedSelectingAPfByItsIdsIsAcceptedAsNovaDoes() {
    // Nova refuses only an entry that names the PF itself (by its one address or its interface).
    DeviceSpecList list = specs("{\"product_id\": \"101d\", \"remote_managed\": true}");
    list.checkOnHost(List.of(refPf(), refVf(1)));
    assertThat(list.specs().get(0).matches(Devices.onCardWithSerial(refPf(), "MT2113X00000"))).isTrue();
  }
}

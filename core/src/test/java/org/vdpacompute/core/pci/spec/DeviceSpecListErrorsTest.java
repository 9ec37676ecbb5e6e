package org.vdpacompute.core.pci.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vdpacompute.core.InvalidValueException;

/** Every way a device_spec value is refused, and what the message tells the operator. */
class DeviceSpecListErrorsTest {

  private static AbstractThrowableAssert<?, ? extends Throwable> refusing(String... values) {
    return assertThatThrownBy(() -> DeviceSpecList.parse(List.of(values)))
        .isInstanceOf(InvalidDeviceSpecException.class)
        .isInstanceOf(InvalidValueException.class);
  }

  @Test
  void badVendorIdNamesEntryKeyAndValue() {
    refusing("{\"vendor_id\": \"15b3\"}", "{\"vendor_id\": \"15bx\"}")
        .hasMessage("device_spec entry 2: key 'vendor_id': '15bx' is not a hex number or '*'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"15b3x", "xyzw", "", "0x", "1_", "_1", "1__5", " *", "15 b3", "0x-1"})
  void productIdMustBeAHexNumberAsPythonReadsOne(String id) {
    refusing("{\"product_id\": \"" + id + "\"}")
        .hasMessage("device_spec entry 1: key 'product_id': '" + id + "' is not a hex number or '*'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"80860", "0x10000", "fffffffffffffffffffff"})
  void anIdAboveFfffIsRefused(String id) {
    refusing("{\"vendor_id\": \"" + id + "\"}")
        .hasMessage("device_spec entry 1: key 'vendor_id': '" + id + "' is above the maximum ffff");
  }

  @Test
  void idThatIsNotAStringIsRefused() {
    refusing("{\"vendor_id\": 8086}")
        .hasMessage("device_spec entry 1: key 'vendor_id': '8086' is not a string");
  }

  @Test
  void notJsonIsRefused() {
    refusing("{\"vendor_id\": \"15b3\"}", "{vendor_id: 15b3}")
        .hasMessageStartingWith("device_spec entry 2: '{vendor_id: 15b3}' is not JSON: ");
  }

  @Test
  void emptyValueIsRefused() {
    refusing("  ").hasMessage("device_spec entry 1: '  ' is empty, not JSON");
  }

  @Test
  void trailingTextAfterTheJsonIsRefused() {
    refusing("{\"vendor_id\": \"15b3\"} {\"product_id\": \"101e\"}")
        .hasMessageContaining("device_spec entry 1:")
        .hasMessageContaining("is not JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"15b3\"", "5", "true", "null"})
  void scalarIsNotAnObjectOrList(String value) {
    refusing(value)
        .hasMessage("device_spec entry 1: '" + value + "' is not a JSON object or a list of objects");
  }

  @Test
  void listElementThatIsNotAnObjectNamesTheElement() {
    refusing("[{\"vendor_id\": \"15b3\"}, \"0000:06:00.0\"]")
        .hasMessage("device_spec entry 1, element 2: '0000:06:00.0' is not a JSON object");
  }

  @Test
  void errorInAListElementNamesTheElement() {
    refusing("[{\"vendor_id\": \"15b3\"}, {\"product_id\": \"zz\"}]")
        .hasMessage(
            "device_spec entry 1, element 2: key 'product_id': 'zz' is not a hex number or '*'");
  }

  @Test
  void addressValueOutOfRangeIsRefused() {
    refusing("{\"address\": \"0000:0a:00.8\"}")
        .hasMessage(
            "device_spec entry 1: key 'address': '0000:0a:00.8' has a function '8' above the"
                + " maximum 7");
    refusing("{\"address\": \"0000:0a:20.1\"}").hasMessageContaining("slot '20' above the maximum 1f");
    refusing("{\"address\": \"0000:100:00.1\"}").hasMessageContaining("bus '100' above the maximum ff");
    refusing("{\"address\": \"10000:0a:00.1\"}")
        .hasMessageContaining("domain '10000' above the maximum ffff");
  }

  @Test
  void badGlobSyntaxIsRefused() {
    refusing("{\"address\": \"0000:0a:0b:00.5\"}")
        .hasMessage(
            "device_spec entry 1: key 'address': '0000:0a:0b:00.5' has more than three fields"
                + " (domain:bus:slot) before the function");
    refusing("{\"address\": \"0000:h4.12:6\"}")
        .hasMessage(
            "device_spec entry 1: key 'address': '0000:h4.12:6' has a slot 'h4' that is neither"
                + " hex nor '*'");
  }

  @Test
  void badRegexNamesTheAddressField() {
    refusing("{\"address\": {\"domain\": \".*\", \"bus\": \"02\", \"function\": \"[6[-7]\"}}")
        .hasMessageStartingWith(
            "device_spec entry 1: key 'address.function': '[6[-7]' is not a valid regular"
                + " expression");
    refusing("{\"address\": {\"domain\": \"*\"}}")
        .hasMessageStartingWith("device_spec entry 1: key 'address.domain': '*' is not a valid");
  }

  @Test
  void addressFieldThatIsNotAStringIsRefused() {
    refusing("{\"address\": {\"bus\": 2}}")
        .hasMessage("device_spec entry 1: key 'address.bus': '2' is not a string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\".*\", \".*\", \"00\", \"[6-7]\"]", "5", "-1.5", "true"})
  void addressThatIsNeitherGlobNorObjectIsRefused(String address) {
    refusing("{\"address\": " + address + "}")
        .hasMessageStartingWith("device_spec entry 1: key 'address': ")
        .hasMessageEndingWith("is neither a glob string nor an object of domain, bus, slot and function");
  }

  @Test
  void devnameWithAddressIsRefused() {
    refusing("{\"devname\": \"eth0\", \"address\": \"*:*:*.5\", \"physical_network\": \"p\"}")
        .hasMessage(
            "device_spec entry 1: key 'devname': 'eth0' cannot be given together with 'address'");
  }

  @Test
  void addressFieldAboveItsMaximumInAnyNotationIsRefused() {
    refusing("{\"address\": \"0x10000:0a:00.1\"}").hasMessageContaining("domain '0x10000' above the maximum ffff");
    refusing("{\"address\": \"*:*:*.0x8\"}").hasMessageContaining("function '0x8' above the maximum 7");
  }

  @Test
  void blanksAfterTheDotAreAFunctionThatIsNotHexForNovaToo() {
    refusing("{\"address\": \"0000:0a:00. \"}")
        .hasMessage("device_spec entry 1: key 'address': '0000:0a:00. ' has a function '' that is neither hex nor '*'");
  }
}

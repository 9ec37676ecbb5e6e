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
    refusing("{\"vendor_id\": \"15b3\"}", "{\"vendor_id\": \"15b\"}")
        .hasMessage("device_spec entry 2: key 'vendor_id': '15b' is not 4 hex digits or '*'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"15b3x", "80860", "xyzw", "", "0x15"})
  void productIdMustBeFourHexDigits(String id) {
    refusing("{\"product_id\": \"" + id + "\"}")
        .hasMessage("device_spec entry 1: key 'product_id': '" + id + "' is not 4 hex digits or '*'");
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

  @Test
  void repeatedKeyIsRefused() {
    refusing("{\"vendor_id\": \"15b3\", \"vendor_id\": \"8086\"}")
        .hasMessageContaining("is not JSON")
        .hasMessageContaining("vendor_id");
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
            "device_spec entry 1, element 2: key 'product_id': 'zz' is not 4 hex digits or '*'");
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
  void unknownKeyInTheAddressObjectIsRefused() {
    refusing("{\"address\": {\"bus\": \"02\", \"port\": \"1\"}}")
        .hasMessage(
            "device_spec entry 1: key 'address.port': '1' is not an address field (domain, bus,"
                + " slot or function)");
  }

  @Test
  void addressFieldThatIsNotAStringIsRefused() {
    refusing("{\"address\": {\"bus\": 2}}")
        .hasMessage("device_spec entry 1: key 'address.bus': '2' is not a string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\".*\", \".*\", \"00\", \"[6-7]\"]", "5", "null", "true"})
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
  void emptyDevnameIsRefused() {
    refusing("{\"devname\": \" \"}")
        .hasMessage("device_spec entry 1: key 'devname': ' ' is empty, not a network interface name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"yes\"", "1", "\"1\"", "null", "\"\"", "[true]"})
  void trustedMustBeBooleanLike(String value) {
    refusing("{\"trusted\": " + value + "}")
        .hasMessageStartingWith("device_spec entry 1: key 'trusted': ")
        .hasMessageEndingWith("is not a boolean (true or false)");
  }

  @Test
  void remoteManagedMustBeBooleanLike() {
    refusing("{\"remote_managed\": \"maybe\"}")
        .hasMessage(
            "device_spec entry 1: key 'remote_managed': 'maybe' is not a boolean (true or false)");
  }

  @Test
  void emptyKeyIsRefused() {
    refusing("{\"\": \"x\"}").hasMessage("device_spec entry 1: key '' (value 'x') is empty");
    refusing("{\" \": \"x\"}").hasMessage("device_spec entry 1: key ' ' (value 'x') is empty");
  }

  @Test
  void tagThatIsAnObjectOrListIsRefused() {
    refusing("{\"physical_network\": [\"a\", \"b\"]}")
        .hasMessage(
            "device_spec entry 1: key 'physical_network': '[\"a\",\"b\"]' is not a string, number"
                + " or boolean");
  }
}

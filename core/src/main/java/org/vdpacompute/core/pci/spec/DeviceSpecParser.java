package org.vdpacompute.core.pci.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.core.pci.OsloBoolean;
import org.vdpacompute.core.pci.Tags;

/**
 * Turns one configured {@code device_spec} value (a JSON object or a list of objects) into device
 * specs, failing on the first malformed key with the entry, key and value.
 *
 * <p>Values are read as Nova's {@code devspec.py} reads them, so that a configuration Nova accepts
 * is never refused: ids and address fields are hex numbers as Python's {@code int(text, 16)} reads
 * them ({@code 0x15b3}, {@code 15b}); an address or devname that is empty (or otherwise false to
 * Python: {@code ""}, {@code {}}, {@code 0}) is absent; keys of an address object other than the
 * four fields are ignored; {@code trusted} and {@code remote_managed} in any of oslo's boolean
 * spellings mean true or false, and other values of them are kept as they are, as any other tag of
 * any JSON type. What Nova refuses is refused: ids that are not strings or not hex, address fields
 * above their maximum, an address that is neither a string nor an object, both an address and a
 * devname, an address expression that does not compile.
 */
final class DeviceSpecParser {
  static final String OPTION = "device_spec";
  private static final String ADDRESS = "address";
  private static final String DEVNAME = "devname";
  private static final String ANY = "*";
  private static final int MAX_ID = 0xFFFF;

  private DeviceSpecParser() {}

  /** The specs of the value at 1-based {@code position}, in order. */
  static List<DeviceSpec> parseEntry(int position, String text) {
    ConfigEntry entry = ConfigEntry.of(OPTION, position);
    JsonNode root;
    try {
      root = JsonText.readAsPython(text);
    } catch (ValueProblem p) {
      throw new InvalidDeviceSpecException(entry.message("'" + text + "' " + p.getMessage()));
    }
    if (root.isObject()) {
      return List.of(parseObject(entry, root));
    }
    if (!root.isArray()) {
      throw new InvalidDeviceSpecException(
          entry.message("'" + text + "' is not a JSON object or a list of objects"));
    }
    List<DeviceSpec> specs = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      ConfigEntry element = entry.element(i + 1);
      JsonNode node = root.get(i);
      if (!node.isObject()) {
        throw new InvalidDeviceSpecException(
            element.message("'" + JsonText.show(node) + "' is not a JSON object"));
      }
      specs.add(parseObject(element, node));
    }
    return specs;
  }

  private static DeviceSpec parseObject(ConfigEntry entry, JsonNode object) {
    String vendorId = null;
    String productId = null;
    JsonNode address = null;
    String devname = null;
    Map<String, String> tags = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      switch (key) {
        case Tags.VENDOR_ID -> vendorId = hexId(entry, key, value);
        case Tags.PRODUCT_ID -> productId = hexId(entry, key, value);
        case ADDRESS -> address = value;
        case DEVNAME -> devname = isTrue(value) ? pythonText(value) : null;
        default -> {
          // JSON null means "no value": a physical_network of null is a device on no network.
          if (!value.isNull()) {
            tags.put(key, Tags.TRUSTED.equals(key) || Tags.REMOTE_MANAGED.equals(key)
                ? booleanTag(value) : tag(value));
          }
        }
      }
    }
    boolean hasAddress = address != null && isTrue(address);
    if (devname != null && hasAddress) {
      throw new InvalidDeviceSpecException(
          entry.message(DEVNAME, devname, "cannot be given together with 'address'"));
    }
    AddressPattern pattern = devname != null ? null
        : hasAddress ? address(entry, address) : new GlobAddress(null, null, null, null);
    return new DeviceSpec(entry, vendorId, productId, pattern, devname, tags);
  }

  /**
   * An id as Nova reads it: {@code *} for any, else a hex number no greater than ffff, printed as
   * four digits. Nova strips blanks around a vendor id but not around {@code *} as a product id.
   */
  private static String hexId(ConfigEntry entry, String key, JsonNode value) {
    if (!value.isTextual()) {
      throw new InvalidDeviceSpecException(
          entry.message(key, JsonText.show(value), "is not a string"));
    }
    String text = Tags.VENDOR_ID.equals(key) ? value.textValue().strip() : value.textValue();
    if (text.equals(ANY)) {
      return null;
    }
    long id;
    try {
      id = HexNumber.parse(text);
    } catch (NumberFormatException notHex) {
      throw new InvalidDeviceSpecException(
          entry.message(key, value.textValue(), "is not a hex number or '*'"));
    }
    if (id > MAX_ID) {
      throw new InvalidDeviceSpecException(
          entry.message(key, value.textValue(), "is above the maximum ffff"));
    }
    return HexNumber.print(id, 4);
  }

  private static AddressPattern address(ConfigEntry entry, JsonNode value) {
    if (value.isTextual()) {
      try {
        return GlobAddress.parse(value.textValue());
      } catch (ValueProblem p) {
        throw new InvalidDeviceSpecException(
            entry.message(ADDRESS, value.textValue(), p.getMessage()));
      }
    }
    if (!value.isObject()) {
      throw new InvalidDeviceSpecException(
          entry.message(
              ADDRESS,
              JsonText.show(value),
              "is neither a glob string nor an object of domain, bus, slot and function"));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      if (!RegexAddress.isField(field.getKey())) {
        continue;
      }
      if (!field.getValue().isTextual()) {
        throw new InvalidDeviceSpecException(
            entry.message(ADDRESS + "." + field.getKey(), JsonText.show(field.getValue()), "is not a string"));
      }
      fields.put(field.getKey(), field.getValue().textValue());
    }
    try {
      return RegexAddress.parse(fields);
    } catch (ValueProblem p) {
      String key = ADDRESS + "." + p.part();
      throw new InvalidDeviceSpecException(
          entry.message(key, JsonText.show(value.path(p.part())), p.getMessage()));
    }
  }

  /** {@code trusted} and {@code remote_managed}: an oslo boolean spelling means the boolean. */
  private static String booleanTag(JsonNode value) {
    Object raw = value.isBoolean() ? (Object) value.booleanValue() : value.isValueNode() ? value.asText() : null;
    return OsloBoolean.parse(raw).map(String::valueOf).orElseGet(() -> tag(value));
  }

  /** A tag's comparable text: a scalar's, lowercased; a list or object as its JSON. */
  private static String tag(JsonNode value) {
    return Tags.normalize(value.isValueNode() ? value.asText() : value.toString());
  }

  /** Python's truth of a JSON value, which decides whether Nova takes an address or devname as given. */
  private static boolean isTrue(JsonNode value) {
    if (value.isNull()) return false;
    if (value.isBoolean()) return value.booleanValue();
    if (value.isNumber()) return value.doubleValue() != 0 || Double.isNaN(value.doubleValue());
    if (value.isTextual()) return !value.textValue().isEmpty();
    return value.size() > 0;
  }

  /** The interface name Nova looks for: Python's text of the value. */
  private static String pythonText(JsonNode value) {
    if (value.isTextual()) return value.textValue();
    if (value.isBoolean()) return value.booleanValue() ? "True" : "False";
    return value.isValueNode() ? value.asText() : value.toString();
  }
}

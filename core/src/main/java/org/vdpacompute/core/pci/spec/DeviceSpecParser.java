package org.vdpacompute.core.pci.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.vdpacompute.core.pci.Tags;

/**
 * Turns one configured {@code device_spec} value (a JSON object or a list of objects) into device
 * specs, failing on the first malformed key with the entry, key and value.
 */
final class DeviceSpecParser {
  static final String OPTION = "device_spec";
  private static final String ADDRESS = "address";
  private static final String DEVNAME = "devname";
  private static final String ANY = "*";
  private static final Pattern HEX4 = Pattern.compile("[0-9a-f]{4}");

  private DeviceSpecParser() {}

  /** The specs of the value at 1-based {@code position}, in order. */
  static List<DeviceSpec> parseEntry(int position, String text) {
    ConfigEntry entry = ConfigEntry.of(OPTION, position);
    JsonNode root;
    try {
      root = JsonText.read(text);
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
    AddressPattern address = null;
    boolean hasAddress = false;
    String devname = null;
    Map<String, String> tags = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.isBlank()) {
        throw new InvalidDeviceSpecException(
            entry.message("key '" + key + "' (value '" + JsonText.show(value) + "') is empty"));
      }
      switch (key) {
        case Tags.VENDOR_ID -> vendorId = hexId(entry, key, value);
        case Tags.PRODUCT_ID -> productId = hexId(entry, key, value);
        case ADDRESS -> {
          address = address(entry, value);
          hasAddress = true;
        }
        case DEVNAME -> devname = devname(entry, value);
        case Tags.TRUSTED, Tags.REMOTE_MANAGED -> tags.put(key, booleanTag(entry, key, value));
        default -> {
          // JSON null means "no value": a physical_network of null is a device on no network.
          if (!value.isNull()) {
            tags.put(key, tag(entry, key, value));
          }
        }
      }
    }
    if (devname != null && hasAddress) {
      throw new InvalidDeviceSpecException(
          entry.message(DEVNAME, devname, "cannot be given together with 'address'"));
    }
    if (devname == null && address == null) {
      address = new GlobAddress(null, null, null, null);
    }
    return new DeviceSpec(entry, vendorId, productId, address, devname, tags);
  }

  private static String text(ConfigEntry entry, String key, JsonNode value) {
    if (!value.isTextual()) {
      throw new InvalidDeviceSpecException(
          entry.message(key, JsonText.show(value), "is not a string"));
    }
    return value.textValue();
  }

  private static String hexId(ConfigEntry entry, String key, JsonNode value) {
    String id = text(entry, key, value).strip().toLowerCase(Locale.ROOT);
    if (id.equals(ANY)) {
      return null;
    }
    if (!HEX4.matcher(id).matches()) {
      throw new InvalidDeviceSpecException(
          entry.message(key, value.textValue(), "is not 4 hex digits or '*'"));
    }
    return id;
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
      fields.put(field.getKey(), text(entry, ADDRESS + "." + field.getKey(), field.getValue()));
    }
    try {
      return RegexAddress.parse(fields);
    } catch (ValueProblem p) {
      String key = ADDRESS + "." + p.part();
      throw new InvalidDeviceSpecException(
          entry.message(key, JsonText.show(value.path(p.part())), p.getMessage()));
    }
  }

  private static String devname(ConfigEntry entry, JsonNode value) {
    String name = text(entry, DEVNAME, value).strip();
    // Nova reads an empty devname as none, which whitelists every device: refuse it instead.
    if (name.isEmpty()) {
      throw new InvalidDeviceSpecException(
          entry.message(DEVNAME, value.textValue(), "is empty, not a network interface name"));
    }
    return name;
  }

  private static String booleanTag(ConfigEntry entry, String key, JsonNode value) {
    String normal = value.isBoolean() || value.isTextual() ? Tags.normalize(value.asText()) : null;
    if (!"true".equals(normal) && !"false".equals(normal)) {
      throw new InvalidDeviceSpecException(
          entry.message(key, JsonText.show(value), "is not a boolean (true or false)"));
    }
    return normal;
  }

  private static String tag(ConfigEntry entry, String key, JsonNode value) {
    if (!value.isValueNode()) {
      throw new InvalidDeviceSpecException(
          entry.message(key, JsonText.show(value), "is not a string, number or boolean"));
    }
    return Tags.normalize(value.asText());
  }
}

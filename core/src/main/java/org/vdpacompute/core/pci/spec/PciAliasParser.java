package org.vdpacompute.core.pci.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.Tags;

/**
 * Turns one configured {@code alias} value, a JSON object, into a {@link PciAlias}, failing on the
 * first malformed key with the entry, key and value. Unlike device_spec, a list is refused, as in
 * Nova: several aliases are several values.
 */
final class PciAliasParser {
  static final String OPTION = "alias";
  private static final String NAME = "name";
  private static final String DEVICE_TYPE = "device_type";
  private static final String NUMA_POLICY = "numa_policy";
  // Accepted by Nova's schema with the single value "pci" and otherwise unused; kept so that an
  // existing nova.conf loads.
  private static final String CAPABILITY_TYPE = "capability_type";
  private static final Pattern HEX4 = Pattern.compile("[0-9a-fA-F]{4}");

  private PciAliasParser() {}

  static PciAlias parseEntry(int position, String text) {
    ConfigEntry entry = ConfigEntry.of(OPTION, position);
    JsonNode root;
    try {
      root = JsonText.read(text);
    } catch (ValueProblem p) {
      throw new InvalidAliasException(entry.message("'" + text + "' " + p.getMessage()));
    }
    if (!root.isObject()) {
      throw new InvalidAliasException(
          entry.message("'" + text + "' is not a JSON object (give each alias as its own value)"));
    }
    String name = null;
    String vendorId = null;
    String productId = null;
    DevType deviceType = null;
    NumaPolicy numaPolicy = null;
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String key = field.getKey();
      String value = text(entry, key, field.getValue());
      switch (key) {
        case NAME -> name = name(entry, value);
        case Tags.VENDOR_ID -> vendorId = hexId(entry, key, value);
        case Tags.PRODUCT_ID -> productId = hexId(entry, key, value);
        case DEVICE_TYPE -> deviceType = deviceType(entry, value);
        case NUMA_POLICY -> numaPolicy = numaPolicy(entry, value);
        case CAPABILITY_TYPE -> {
          if (!value.equals("pci")) {
            throw new InvalidAliasException(entry.message(key, value, "is not 'pci'"));
          }
        }
        default -> throw new InvalidAliasException(
            entry.message(
                key,
                value,
                "is not an alias key (name, vendor_id, product_id, device_type, numa_policy)"));
      }
    }
    if (name == null) {
      throw new InvalidAliasException(entry.message(NAME, "is missing"));
    }
    return new PciAlias(name, vendorId, productId, deviceType, numaPolicy);
  }

  private static String text(ConfigEntry entry, String key, JsonNode value) {
    if (!value.isTextual()) {
      throw new InvalidAliasException(entry.message(key, JsonText.show(value), "is not a string"));
    }
    return value.textValue();
  }

  private static String name(ConfigEntry entry, String value) {
    String name = value.strip();
    if (name.isEmpty() || name.length() > PciAlias.MAX_NAME_LENGTH) {
      throw new InvalidAliasException(
          entry.message(NAME, value, "must be 1 to " + PciAlias.MAX_NAME_LENGTH + " characters"));
    }
    return name;
  }

  private static String hexId(ConfigEntry entry, String key, String value) {
    if (!HEX4.matcher(value).matches()) {
      throw new InvalidAliasException(entry.message(key, value, "is not 4 hex digits"));
    }
    return value.toLowerCase(Locale.ROOT);
  }

  private static DevType deviceType(ConfigEntry entry, String value) {
    if (value.strip().equalsIgnoreCase(DevType.VDPA.apiName())) {
      throw new InvalidAliasException(
          entry.message(DEVICE_TYPE, value, PciAlias.VDPA_REFUSED));
    }
    for (DevType t : DevType.values()) {
      if (t.apiName().equalsIgnoreCase(value.strip())) {
        return t;
      }
    }
    throw new InvalidAliasException(
        entry.message(DEVICE_TYPE, value, "is not type-PCI, type-PF or type-VF"));
  }

  private static NumaPolicy numaPolicy(ConfigEntry entry, String value) {
    for (NumaPolicy p : NumaPolicy.values()) {
      if (p.apiName().equalsIgnoreCase(value.strip())) {
        return p;
      }
    }
    throw new InvalidAliasException(
        entry.message(NUMA_POLICY, value, "is not required, legacy, preferred or socket"));
  }
}

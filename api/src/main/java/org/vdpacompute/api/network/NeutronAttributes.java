package org.vdpacompute.api.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.core.InvalidValueException;

/**
 * Neutron's attribute validators for the strings a request may carry ({@code type:string} with
 * its maximum length), with Neutron's wording, so that a value no column can hold is refused
 * before anything is written.
 */
final class NeutronAttributes {
  /** Neutron's {@code NAME_MAX_LEN}, {@code DESCRIPTION_MAX_LEN}, {@code DEVICE_ID_MAX_LEN} and the like. */
  static final int MAX_LENGTH = 255;

  private NeutronAttributes() {}

  /** Neutron's {@code PHYSICAL_NETWORK_MAX_LEN}. */
  static final int PHYSICAL_NETWORK_MAX_LENGTH = 64;

  /** The string attribute, or null when absent; refused if not a string or longer than Neutron allows. */
  static String string(JsonNode body, String field) {
    return string(body, field, MAX_LENGTH);
  }

  static String string(JsonNode body, String field, int max) {
    String value = JsonBodies.text(body, field);
    if (value != null && value.length() > max) {
      throw new InvalidValueException("Invalid input for " + field + ". Reason: '" + JsonBodies.shown(value)
          + "' exceeds maximum length of " + max + ".");
    }
    return value;
  }

  /**
   * A boolean attribute Neutron has and this cloud holds at one value: that value (or none) is
   * taken, the other refused with why, rather than dropped.
   */
  static void onlyValue(JsonNode body, String field, boolean only, String why) {
    Boolean value = JsonBodies.bool(body, field);
    if (value != null && value != only) {
      throw new InvalidValueException("Invalid input for " + field + ". Reason: " + value + " is not supported: " + why + ".");
    }
  }

  /** A list attribute of a feature this cloud does not have: absent, null or empty, nothing else. */
  static void emptyList(JsonNode body, String field, String why) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) return;
    if (!v.isArray()) {
      throw new InvalidValueException("Invalid input for " + field + ". Reason: " + JsonBodies.shown(v) + " is not a list.");
    }
    if (!v.isEmpty()) throw new InvalidValueException("Invalid input for " + field + ". Reason: " + why + ".");
  }

  /** {@code availability_zone_hints}: a list of zone names, of which there is one, {@code nova}. */
  static void zoneHints(JsonNode body) {
    JsonNode v = body.get("availability_zone_hints");
    if (v == null || v.isNull()) return;
    if (!v.isArray()) {
      throw new InvalidValueException("Invalid input for availability_zone_hints. Reason: " + JsonBodies.shown(v) + " is not a list.");
    }
    for (JsonNode zone : v) {
      if (!zone.isTextual() || !zone.asText().equals("nova")) {
        throw new InvalidValueException("Invalid input for availability_zone_hints. Reason: " + JsonBodies.shown(zone)
            + " is not an availability zone: the only one is 'nova'.");
      }
    }
  }
}

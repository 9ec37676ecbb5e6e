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

  /** The string attribute, or null when absent; refused if not a string or longer than Neutron allows. */
  static String string(JsonNode body, String field) {
    String value = JsonBodies.text(body, field);
    if (value != null && value.length() > MAX_LENGTH) {
      throw new InvalidValueException("Invalid input for " + field + ". Reason: '" + JsonBodies.shown(value)
          + "' exceeds maximum length of " + MAX_LENGTH + ".");
    }
    return value;
  }
}

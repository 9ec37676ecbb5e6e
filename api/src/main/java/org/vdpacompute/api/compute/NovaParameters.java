package org.vdpacompute.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.core.InvalidValueException;

/**
 * The parameter types of Nova's request schemas ({@code nova/api/validation/parameter_types.py}
 * and the flavor schema), so that this API refuses what Nova refuses, with Nova's reasons. Nova
 * checks these before anything runs; so does this API.
 */
final class NovaParameters {
  /** Nova's flavor id pattern: letters, digits, '.', '_', '-' and inner spaces, 1 to 255 of them. */
  private static final Pattern FLAVOR_ID = Pattern.compile("(?! )[a-zA-Z0-9. _-]+(?<! )");
  /** Nova's {@code rxtx_factor} pattern, for the value given as text. */
  private static final Pattern RXTX = Pattern.compile("[0-9]+(\\.[0-9]+)?");
  /** The largest {@code rxtx_factor}: a single-precision float, Nova's column ({@code SQL_SP_FLOAT_MAX}). */
  static final double RXTX_MAX = 3.40282e+38;
  private static final int MAX_LENGTH = 255;

  private NovaParameters() {}

  /**
   * A name of Nova's {@code name} type (servers, flavors): 1 to 255 printable characters, not
   * starting or ending with whitespace.
   */
  static String name(String field, String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new InvalidValueException("Invalid input for field/attribute " + field + ". Value: "
          + JsonBodies.shown(String.valueOf(value)) + ". It must be 1 to " + MAX_LENGTH + " characters long.");
    }
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      boolean edge = i == 0 || i + Character.charCount(c) == value.length();
      if (!printable(c) || (edge && Character.getType(c) == Character.SPACE_SEPARATOR)) {
        throw new InvalidValueException("Invalid input for field/attribute " + field + ". Value: "
            + JsonBodies.shown(value.replace("\0", "\\0")) + ". printable characters. Can not start or end with whitespace.");
      }
      i += Character.charCount(c);
    }
    return value;
  }

  /** Nova's {@code metadata} type: an object of strings (each key and value checked by the service). */
  static Map<String, String> metadata(JsonNode node, String field) {
    if (node == null || node.isNull()) return Map.of();
    if (!node.isObject()) {
      throw new InvalidValueException("'" + field + "' must be an object of strings, not " + JsonBodies.shown(node));
    }
    Map<String, String> items = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new InvalidValueException("the value of '" + JsonBodies.shown(e.getKey()) + "' in '" + field
            + "' must be a string, not " + JsonBodies.shown(e.getValue()));
      }
      items.put(e.getKey(), e.getValue().asText());
    }
    return items;
  }

  /**
   * Python's notion in Nova's {@code _is_printable}: not a control, format, surrogate, unassigned
   * or private-use character, and no separator but a plain (horizontal) space.
   */
  private static boolean printable(int c) {
    switch (Character.getType(c)) {
      case Character.CONTROL: case Character.FORMAT: case Character.SURROGATE: case Character.PRIVATE_USE:
      case Character.UNASSIGNED: case Character.LINE_SEPARATOR: case Character.PARAGRAPH_SEPARATOR:
        return false;
      default:
        return true;
    }
  }

  /**
   * A flavor create's {@code id}: null (made up), a number (taken as its text, as Nova does) or a
   * string of Nova's pattern. The dot segments {@code .} and {@code ..} match that pattern but
   * cannot be addressed in a URL (clients and servers fold them away), so they are refused too.
   */
  static String flavorId(JsonNode id) {
    if (id == null || id.isNull()) return null;
    if (id.isIntegralNumber()) return id.asText();
    if (!id.isTextual()) {
      throw new InvalidValueException("Invalid input for field/attribute id. Value: " + JsonBodies.shown(id)
          + ". It is not a string or a number.");
    }
    String text = id.asText();
    if (text.isEmpty() || text.length() > MAX_LENGTH || !FLAVOR_ID.matcher(text).matches()) {
      throw new InvalidValueException("Invalid input for field/attribute id. Value: " + JsonBodies.shown(text.replace("\0", "\\0"))
          + ". It must be 1 to 255 letters, digits, '.', '_', '-' or inner spaces.");
    }
    if (text.equals(".") || text.equals("..")) {
      throw new InvalidValueException("Invalid input for field/attribute id. Value: " + text
          + ". A flavor id of only dots could not be named in a URL.");
    }
    return text;
  }

  /** A flavor's {@code rxtx_factor}: a number, or its text, above 0 and at most a single-precision float. */
  static double rxtxFactor(JsonNode value) {
    if (value == null || value.isNull()) return 1.0;
    double factor;
    if (value.isNumber()) {
      factor = value.asDouble();
    } else if (value.isTextual() && RXTX.matcher(value.asText()).matches()) {
      factor = Double.parseDouble(value.asText());
    } else {
      throw new InvalidValueException("Invalid input for field/attribute rxtx_factor. Value: " + JsonBodies.shown(value)
          + ". It is not a number.");
    }
    if (!(factor > 0 && factor <= RXTX_MAX)) {
      throw new InvalidValueException("'rxtx_factor' argument must be a float between 0 and " + RXTX_MAX);
    }
    return factor;
  }

  /**
   * Extra specs as Nova's metadata schema takes them: an object whose keys are 1 to 255 letters,
   * digits, '-', '_', ':', '.' or spaces, and whose values are strings or numbers of at most 255
   * characters. A key of another form (a '/' in it) could not be named in the URL that reads it.
   */
  static Map<String, String> extraSpecs(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidValueException("extra specs must be an object of strings, not " + (node == null ? "nothing" : JsonBodies.shown(node)));
    }
    Map<String, String> specs = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!EXTRA_SPEC_KEY.matcher(e.getKey()).matches()) {
        throw new InvalidValueException("Invalid input for field/attribute extra_specs. Key "
            + JsonBodies.shown(e.getKey()) + " must be 1 to 255 letters, digits, '-', '_', ':', '.' or spaces.");
      }
      JsonNode v = e.getValue();
      if (!(v.isTextual() || v.isNumber()) || v.asText().length() > MAX_LENGTH) {
        throw new InvalidValueException("extra spec '" + e.getKey() + "' must be a string or a number of at most "
            + MAX_LENGTH + " characters, not " + JsonBodies.shown(v));
      }
      specs.put(e.getKey(), v.asText());
    }
    return specs;
  }

  private static final Pattern EXTRA_SPEC_KEY = Pattern.compile("[a-zA-Z0-9-_:. ]{1,255}");
}

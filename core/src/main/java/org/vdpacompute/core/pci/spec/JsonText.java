package org.vdpacompute.core.pci.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Reads one configured JSON value; trailing text after it is an error. */
final class JsonText {
  // A repeated key would otherwise silently keep the last value, hiding a typo in the config.
  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  // What Python's json module, through which Nova reads device_spec, accepts: a repeated key keeps
  // its last value, and NaN and Infinity are numbers.
  private static final JsonMapper AS_PYTHON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private JsonText() {}

  /** The parsed tree, a repeated key refused; a {@link ValueProblem} if the text is empty or not JSON. */
  static JsonNode read(String text) {
    return read(STRICT, text);
  }

  /** The parsed tree as Python's json module reads the text: a repeated key keeps its last value. */
  static JsonNode readAsPython(String text) {
    return read(AS_PYTHON, text);
  }

  private static JsonNode read(JsonMapper mapper, String text) {
    if (text == null || text.isBlank()) {
      throw new ValueProblem("is empty, not JSON");
    }
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      boolean located = at != null && at.getColumnNr() > 0;
      String where = located ? " (at column " + at.getColumnNr() + ")" : "";
      throw new ValueProblem("is not JSON: " + e.getOriginalMessage() + where);
    }
  }

  /** How a JSON value is quoted back to the operator: strings as they are, the rest as JSON. */
  static String show(JsonNode node) {
    return node.isTextual() ? node.textValue() : node.toString();
  }
}

package org.vdpacompute.core.pci.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Reads one configured JSON value, strictly: a repeated key or trailing text is an error. */
final class JsonText {
  // A repeated key would otherwise silently keep the last value, hiding a typo in the config.
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private JsonText() {}

  /** The parsed tree; a {@link ValueProblem} if the text is empty or not JSON. */
  static JsonNode read(String text) {
    if (text == null || text.isBlank()) {
      throw new ValueProblem("is empty, not JSON");
    }
    try {
      return MAPPER.readTree(text);
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

package org.vdpacompute.virt.emulated;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.vdpacompute.core.InvalidValueException;

/**
 * A JSON object of the topology file together with its JSON path, so that every refusal names the
 * file, the path and the reason.
 */
final class JsonFields {
  private final String source;
  private final String path;
  private final JsonNode node;

  JsonFields(String source, String path, JsonNode node) {
    this.source = source;
    this.path = path;
    this.node = node;
    if (!node.isObject()) {
      throw fail("expected an object, found " + describe(node));
    }
  }

  String path() {
    return path;
  }

  /** Refuses any key not in {@code allowed}, naming it and the keys that are. */
  JsonFields allowOnly(Set<String> allowed) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new TopologyException(source, path + "." + name,
            "unknown key '" + name + "' (expected one of " + new java.util.TreeSet<>(allowed) + ")");
      }
    }
    return this;
  }

  boolean has(String key) {
    return node.has(key) && !node.get(key).isNull();
  }

  String text(String key) {
    JsonNode value = required(key);
    if (!value.isTextual()) {
      throw failAt(key, "expected a string, found " + describe(value));
    }
    return value.textValue();
  }

  String optionalText(String key) {
    return has(key) ? text(key) : null;
  }

  int integer(String key) {
    JsonNode value = required(key);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw failAt(key, "expected an integer, found " + describe(value));
    }
    return value.intValue();
  }

  Integer optionalInteger(String key) {
    return has(key) ? integer(key) : null;
  }

  long longInteger(String key) {
    JsonNode value = required(key);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw failAt(key, "expected an integer, found " + describe(value));
    }
    return value.longValue();
  }

  JsonFields object(String key) {
    return new JsonFields(source, path + "." + key, required(key));
  }

  JsonFields optionalObject(String key) {
    return has(key) ? object(key) : null;
  }

  List<JsonFields> objects(String key) {
    JsonNode value = required(key);
    if (!value.isArray()) {
      throw failAt(key, "expected a list, found " + describe(value));
    }
    List<JsonFields> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      items.add(new JsonFields(source, path + "." + key + "[" + i + "]", value.get(i)));
    }
    return items;
  }

  /** Parses a string field with a core value parser, turning its refusal into one with the path. */
  <T> T parsed(String key, Function<String, T> parser) {
    String text = text(key);
    try {
      return parser.apply(text);
    } catch (InvalidValueException e) {
      throw failAt(key, e.getMessage());
    }
  }

  <T> T optionalParsed(String key, Function<String, T> parser) {
    return has(key) ? parsed(key, parser) : null;
  }

  TopologyException failAt(String key, String reason) {
    return new TopologyException(source, path + "." + key, reason);
  }

  TopologyException fail(String reason) {
    return new TopologyException(source, path, reason);
  }

  private JsonNode required(String key) {
    if (!has(key)) {
      throw failAt(key, "missing required key '" + key + "'");
    }
    return node.get(key);
  }

  private static String describe(JsonNode value) {
    return value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " " + value;
  }
}

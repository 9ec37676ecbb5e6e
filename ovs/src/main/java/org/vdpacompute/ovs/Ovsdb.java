package org.vdpacompute.ovs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * RFC 7047's operations (section 5.2) and its JSON notation for values (section 5.1: {@code
 * ["uuid", U]}, {@code ["set", [...]]}, {@code ["map", [[k, v], ...]]}, where a one-element set is
 * written as its element), built and read as Jackson trees.
 */
final class Ovsdb {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Ovsdb() {}

  static ArrayNode ops() {
    return NODES.arrayNode();
  }

  static ArrayNode where(String column, String function, JsonNode value) {
    return NODES.arrayNode().add(NODES.arrayNode().add(column).add(function).add(value));
  }

  static ArrayNode whereName(String name) {
    return where("name", "==", NODES.textNode(name));
  }

  static ArrayNode whereUuid(String uuid) {
    return where("_uuid", "==", uuid(uuid));
  }

  static ObjectNode select(String table, ArrayNode where, String... columns) {
    ObjectNode op = op("select", table);
    op.set("where", where);
    op.set("columns", strings(columns));
    return op;
  }

  static ObjectNode insert(String table, ObjectNode row, String uuidName) {
    ObjectNode op = op("insert", table);
    op.set("row", row);
    op.put("uuid-name", uuidName);
    return op;
  }

  /** {@code mutations}: each {@code [column, mutator, value]}, applied in order. */
  static ObjectNode mutate(String table, ArrayNode where, ArrayNode... mutations) {
    ObjectNode op = op("mutate", table);
    op.set("where", where);
    ArrayNode all = op.putArray("mutations");
    for (ArrayNode m : mutations) {
      all.add(m);
    }
    return op;
  }

  static ArrayNode mutation(String column, String mutator, JsonNode value) {
    return NODES.arrayNode().add(column).add(mutator).add(value);
  }

  /**
   * Fails the transaction at once (timeout 0) unless the rows {@code where} selects, projected on
   * {@code columns}, are exactly {@code rows}: the check that nothing changed since it was read.
   */
  static ObjectNode waitUntilEqual(String table, ArrayNode where, ArrayNode rows, String... columns) {
    ObjectNode op = op("wait", table);
    op.put("timeout", 0);
    op.set("where", where);
    op.set("columns", strings(columns));
    op.put("until", "==");
    op.set("rows", rows);
    return op;
  }

  static ObjectNode row() {
    return NODES.objectNode();
  }

  static ArrayNode rows(ObjectNode... rows) {
    ArrayNode all = NODES.arrayNode();
    for (ObjectNode r : rows) {
      all.add(r);
    }
    return all;
  }

  static ArrayNode uuid(String uuid) {
    return NODES.arrayNode().add("uuid").add(uuid);
  }

  static ArrayNode namedUuid(String name) {
    return NODES.arrayNode().add("named-uuid").add(name);
  }

  static ArrayNode set(Collection<? extends JsonNode> elements) {
    ArrayNode values = NODES.arrayNode();
    values.addAll(elements);
    return NODES.arrayNode().add("set").add(values);
  }

  static ArrayNode stringSet(Collection<String> elements) {
    ArrayNode values = NODES.arrayNode();
    elements.forEach(values::add);
    return NODES.arrayNode().add("set").add(values);
  }

  /** A map in key order, so that the same map is always the same JSON. */
  static ArrayNode map(Map<String, String> entries) {
    ArrayNode pairs = NODES.arrayNode();
    new TreeMap<>(entries).forEach((k, v) -> pairs.add(NODES.arrayNode().add(k).add(v)));
    return NODES.arrayNode().add("map").add(pairs);
  }

  /** A string-to-string map column's value. */
  static Map<String, String> readMap(JsonNode value) {
    Map<String, String> map = new TreeMap<>();
    if (value.isArray() && "map".equals(value.path(0).asText())) {
      for (JsonNode pair : value.path(1)) {
        map.put(pair.path(0).asText(), pair.path(1).asText());
      }
    }
    return map;
  }

  /** The UUIDs of a set-of-references column, a single reference or an empty set. */
  static Set<String> readUuids(JsonNode value) {
    Set<String> uuids = new LinkedHashSet<>();
    if (isUuid(value)) {
      uuids.add(value.get(1).asText());
    } else if (value.isArray() && "set".equals(value.path(0).asText())) {
      for (JsonNode element : value.path(1)) {
        if (isUuid(element)) {
          uuids.add(element.get(1).asText());
        }
      }
    }
    return uuids;
  }

  static String readUuid(JsonNode value) {
    return isUuid(value) ? value.get(1).asText() : null;
  }

  /**
   * RFC 7047 section 4.1.3: a transaction's results hold an {@code error} for an operation that
   * failed, or one past the last operation's for a commit that failed.
   *
   * @throws SwitchTransactionException naming the switch, what was done and the server's reason
   */
  static void failOnError(String endpoint, ArrayNode results, String what) {
    for (JsonNode result : results) {
      if (result.hasNonNull("error")) {
        throw new SwitchTransactionException(endpoint, "the switch at " + endpoint + " refused " + what + ": "
            + result.get("error").asText() + (result.hasNonNull("details") ? " (" + result.get("details").asText() + ")" : ""));
      }
    }
  }

  private static boolean isUuid(JsonNode value) {
    return value.isArray() && value.size() == 2 && "uuid".equals(value.get(0).asText());
  }

  private static ObjectNode op(String name, String table) {
    return NODES.objectNode().put("op", name).put("table", table);
  }

  private static ArrayNode strings(String... values) {
    ArrayNode array = NODES.arrayNode();
    for (String v : values) {
      array.add(v);
    }
    return array;
  }
}

package org.vdpacompute.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.vdpacompute.core.InvalidValueException;

/**
 * Reading OpenStack request bodies: {@code {"resource": {...}}} with only known attributes, since
 * an attribute we do not know is one we would silently ignore.
 */
public final class JsonBodies {
  private JsonBodies() {}

  /** The object under {@code key} (the whole body when {@code key} is null), refusing a body that is not JSON or lacks it. */
  public static JsonNode resource(Context ctx, String key) {
    JsonNode body;
    try {
      body = ApiServer.JSON.readTree(ctx.body());
    } catch (IOException e) {
      throw new InvalidValueException("malformed request body: " + e.getMessage().split("\n")[0]);
    }
    JsonNode resource = body == null ? null : key == null ? body : body.get(key);
    if (resource == null || !resource.isObject()) {
      throw new InvalidValueException(key == null ? "the request body must be a JSON object"
          : "the request body must be {\"" + key + "\": {...}}");
    }
    return resource;
  }

  /** Refuses attributes outside {@code known}, naming them. */
  public static void onlyKnown(JsonNode resource, String resourceName, Set<String> known) {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> it = resource.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) unknown.add(f);
    }
    if (!unknown.isEmpty()) {
      throw new InvalidValueException("Unrecognized attribute(s) '" + String.join(", ", unknown) + "' for " + resourceName);
    }
  }

  public static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw new InvalidValueException("'" + field + "' must be a string, not " + v);
    return v.asText();
  }

  public static Integer integer(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return null;
    if (v.isInt()) return v.asInt();
    if (v.isTextual()) {
      try {
        return Integer.parseInt(v.asText().trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new InvalidValueException("'" + field + "' must be an integer, not " + v);
  }

  public static Boolean bool(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return null;
    if (v.isBoolean()) return v.asBoolean();
    if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(v.asText());
    }
    throw new InvalidValueException("'" + field + "' must be true or false, not " + v);
  }
}

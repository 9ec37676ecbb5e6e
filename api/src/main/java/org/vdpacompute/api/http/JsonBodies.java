package org.vdpacompute.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.VdpaComputeException;

/**
 * Reading request bodies: at most the service's size limit (also when the client sends no
 * {@code Content-Length}), JSON only, no NUL character anywhere (no store takes one, and
 * PostgreSQL refuses it mid-transaction), and OpenStack's {@code {"resource": {...}}} with only
 * known attributes, since an attribute we do not know is one we would silently ignore.
 */
public final class JsonBodies {
  /** The request attribute holding the body limit of the service the request is for. */
  static final String LIMIT = "vdpa.body_limit";
  private static final String TREE = "vdpa.body_tree";

  private JsonBodies() {}

  /** The body as JSON; {@link MissingNode} when it is empty. It is read once, and kept for later calls. */
  public static JsonNode tree(Context ctx) {
    JsonNode read = ctx.attribute(TREE);
    if (read != null) return read;
    byte[] body = bytes(ctx);
    JsonNode tree;
    try {
      tree = body.length == 0 ? MissingNode.getInstance() : ApiServer.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidValueException("malformed request body: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    refuseNul(tree, "the request body");
    JsonNode result = tree == null ? MissingNode.getInstance() : tree;
    ctx.attribute(TREE, result);
    return result;
  }

  /** The body read as {@code type}, refusing an empty body or JSON {@code null} ({@code what} names it). */
  public static <T> T read(Context ctx, Class<T> type, String what) {
    return read(ctx, ApiServer.JSON, type, what);
  }

  /** {@link #read(Context, Class, String)} with the JSON mapping of another protocol (the agents'). */
  public static <T> T read(Context ctx, ObjectMapper mapper, Class<T> type, String what) {
    JsonNode tree = tree(ctx);
    if (tree.isMissingNode() || tree.isNull()) throw new InvalidValueException("the request body must be " + what);
    try {
      return mapper.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new InvalidValueException("the request body is not " + what + ": " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException("the request body is not " + what + ": " + e.getMessage());
    }
  }

  /**
   * The object under {@code key} (the whole body when {@code key} is null), refusing a body that is
   * not JSON, lacks it, or has anything beside it.
   */
  public static JsonNode resource(Context ctx, String key) {
    JsonNode body = tree(ctx);
    JsonNode resource = key == null ? body : body.get(key);
    if (resource == null || !resource.isObject()) {
      throw new InvalidValueException(key == null ? "the request body must be a JSON object"
          : "the request body must be {\"" + key + "\": {...}}");
    }
    if (key != null) onlyKnown(body, "the request body", Set.of(key));
    return resource;
  }

  /** The body's bytes, refusing one larger than the service takes. */
  static byte[] bytes(Context ctx) {
    long limit = limit(ctx);
    if (ctx.req().getContentLengthLong() > limit) throw new BodyTooLarge(tooLarge(ctx));
    try (InputStream in = ctx.req().getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        if (out.size() > limit) throw new BodyTooLarge(tooLarge(ctx));
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new InvalidValueException("the request body could not be read: " + e.getMessage());
    }
  }

  static String tooLarge(Context ctx) {
    return "Request is too large: the body of a request to " + ctx.path() + " may be at most " + limit(ctx) + " bytes.";
  }

  private static long limit(Context ctx) {
    Long limit = ctx.attribute(LIMIT);
    return limit == null ? ServiceApi.OPENSTACK_MAX_BODY_BYTES : limit;
  }

  /** A body over the size limit: 413. */
  static final class BodyTooLarge extends VdpaComputeException {
    BodyTooLarge(String message) {
      super(message);
    }

    @Override
    public ErrorCategory category() {
      return ErrorCategory.TOO_LARGE;
    }
  }

  private static void refuseNul(JsonNode node, String where) {
    if (node == null) return;
    if (node.isTextual() && node.asText().indexOf('\0') >= 0) {
      throw new InvalidValueException(where + " has a NUL character in a string");
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().indexOf('\0') >= 0) throw new InvalidValueException(where + " has a NUL character in a field name");
        refuseNul(f.getValue(), where);
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) refuseNul(item, where);
    }
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
    if (!v.isTextual()) throw new InvalidValueException("'" + field + "' must be a string, not " + shown(v));
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
    throw new InvalidValueException("'" + field + "' must be an integer, not " + shown(v));
  }

  public static Boolean bool(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return null;
    if (v.isBoolean()) return v.asBoolean();
    if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(v.asText());
    }
    throw new InvalidValueException("'" + field + "' must be true or false, not " + shown(v));
  }

  /**
   * A quota limit as Nova's and Neutron's schemas take it: an integer, or its digits as text, of -1
   * (no limit) to the largest 32-bit integer; null for anything else, which the caller refuses in
   * its API's words.
   */
  public static Integer quotaLimit(JsonNode value) {
    String text = value.isIntegralNumber() || value.isTextual() ? value.asText().trim() : null;
    if (text == null || !text.matches("-?[0-9]{1,10}")) return null;
    long n = Long.parseLong(text);
    return n >= -1 && n <= Integer.MAX_VALUE ? (int) n : null;
  }

  /** A value as a message shows it: cut short, since a message that repeats a huge value helps nobody. */
  public static String shown(JsonNode value) {
    String text = value.toString();
    return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "... (" + text.length() + " characters)";
  }

  /** A text as a message shows it, cut short as {@link #shown(JsonNode)}. */
  public static String shown(String text) {
    return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "... (" + text.length() + " characters)";
  }

  private static final int SHOWN = 64;
}

package org.vdpacompute.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.UUID;
import java.util.Map;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.host.GuestBlueprint;
import org.vdpacompute.core.net.HttpUrls;

/**
 * The agent's request bodies, read strictly: a field the type does not have, a value of the wrong
 * type or one its record refuses is a request error (400) that says what is wrong.
 */
final class RequestBodies {
  // Jackson's default refuses unknown fields, which is what keeps the API strict.
  private static final ObjectMapper JSON = new ObjectMapper();

  private RequestBodies() {}

  /** @param what how the error names the expected body, such as "a guest blueprint" */
  static <T> T read(String body, Class<T> type, String what) {
    T value;
    try {
      value = JSON.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new InvalidValueException("the body is not " + what + ": " + e.getOriginalMessage());
    }
    if (value == null) throw new InvalidValueException("the body is not " + what + ": it is null");
    return value;
  }

  /** A guest blueprint, whose uuid must be one (the hypervisor names the guest by it). */
  static GuestBlueprint blueprint(String body) {
    return checked(read(body, GuestBlueprint.class, "a guest blueprint"));
  }

  /** The blueprint, once its uuid is a UUID. */
  static GuestBlueprint checked(GuestBlueprint blueprint) {
    try {
      UUID.fromString(blueprint.uuid());
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException("the blueprint's uuid '" + blueprint.uuid() + "' is not a UUID");
    }
    return blueprint;
  }

  /** The URL of another host's agent: http(s) with a host, since this agent is to call it. */
  static String agentUrl(String url) {
    if (HttpUrls.parse(url).isEmpty()) {
      throw new InvalidValueException("the agent URL '" + url + "' is not an http:// or https:// URL with a host");
    }
    return url;
  }

  /** A body of one field, {@code {"ACTION": VALUE}}, as Nova's server actions are. */
  static Action action(String body) {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidValueException("the body is not JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject() || tree.size() != 1) {
      throw new InvalidValueException("an action is an object with exactly one field, the action's name");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = tree.fields();
    Map.Entry<String, JsonNode> only = fields.next();
    return new Action(only.getKey(), only.getValue());
  }

  /** An action's name and its argument. */
  record Action(String name, JsonNode value) {
    <T> T value(Class<T> type, String what) {
      if (value.isNull()) {
        throw new InvalidValueException("the argument of " + name + " is missing; it is " + what);
      }
      try {
        return JSON.treeToValue(value, type);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        throw new InvalidValueException("the argument of " + name + " is not " + what + ": " + reason);
      }
    }

    String text() {
      if (!value.isTextual()) {
        throw new InvalidValueException("the argument of " + name + " is not a string: " + value);
      }
      return value.asText();
    }
  }
}

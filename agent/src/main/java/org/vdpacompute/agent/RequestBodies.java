package org.vdpacompute.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import org.vdpacompute.agent.protocol.AgentJson;
import org.vdpacompute.agent.protocol.GuestAction;
import org.vdpacompute.core.InvalidValueException;

/**
 * The agent's request bodies, read strictly: a field the type does not have, a value of the wrong
 * type or one its record refuses is a request error (400) that says what is wrong.
 */
final class RequestBodies {
  // The protocol's mapper refuses unknown fields (Jackson's default), which is what keeps the API strict.
  private static final ObjectMapper JSON = AgentJson.mapper();

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
    /** The argument of a known action, as the type the action takes. */
    Object value(GuestAction action) {
      if (value.isNull()) {
        throw new InvalidValueException("the argument of " + name + " is missing; it is " + action.argumentName());
      }
      try {
        return JSON.treeToValue(value, action.argumentType());
      } catch (JsonProcessingException | IllegalArgumentException e) {
        String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        throw new InvalidValueException("the argument of " + name + " is not " + action.argumentName() + ": " + reason);
      }
    }
  }
}

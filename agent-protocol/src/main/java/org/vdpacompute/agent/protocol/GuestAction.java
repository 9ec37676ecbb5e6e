package org.vdpacompute.agent.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.vdpacompute.core.InvalidValueException;

/**
 * The actions the controller asks of a guest ({@code POST /guests/{uuid}/action}), each with the
 * type of its argument. As Nova's server actions, the body has one field, the action's name, whose
 * value is the argument.
 */
public enum GuestAction {
  POWER("power", PowerAction.class, "a power action"),
  /** Unplugs the blueprint's passthrough nics, then pauses the guest. */
  SUSPEND("suspend", GuestBlueprint.class, "a guest blueprint"),
  /** Resumes the guest, then plugs the blueprint's passthrough nics in. */
  RESUME("resume", GuestBlueprint.class, "a guest blueprint"),
  ATTACH_INTERFACE("attachInterface", GuestBlueprint.Nic.class, "a nic"),
  DETACH_INTERFACE("detachInterface", GuestBlueprint.Nic.class, "a nic"),
  LIVE_MIGRATE("liveMigrate", LiveMigrationRequest.class, "a live migration request");

  private final String apiName;
  private final Class<?> argument;
  private final String argumentName;

  GuestAction(String apiName, Class<?> argument, String argumentName) {
    this.apiName = apiName;
    this.argument = argument;
    this.argumentName = argumentName;
  }

  public String apiName() {
    return apiName;
  }

  /** The type of the action's argument. */
  public Class<?> argumentType() {
    return argument;
  }

  /** The argument in words, for messages: "a guest blueprint". */
  public String argumentName() {
    return argumentName;
  }

  /** The body that asks for this action with {@code value}. */
  public Map<String, Object> body(Object value) {
    if (!argument.isInstance(value)) {
      throw new InvalidValueException("the argument of " + apiName + " is " + argumentName + ", not " + value);
    }
    return Map.of(apiName, value);
  }

  public static GuestAction fromApiName(String name) {
    for (GuestAction a : values()) {
      if (a.apiName.equals(name)) return a;
    }
    throw new InvalidValueException("unknown action '" + name + "'; expected "
        + Arrays.stream(values()).map(GuestAction::apiName).collect(Collectors.joining(", ")));
  }
}

package org.vdpacompute.agent.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.vdpacompute.core.InvalidValueException;

/** What the controller asks of a guest's power, through its host's agent. */
public enum PowerAction {
  STOP,
  START,
  REBOOT;

  @JsonValue
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static PowerAction fromApiName(String name) {
    for (PowerAction a : values()) {
      if (a.apiName().equals(name)) return a;
    }
    throw new InvalidValueException("'" + name + "' is not a power action; expected "
        + Arrays.stream(values()).map(PowerAction::apiName).collect(Collectors.joining(", ")));
  }
}

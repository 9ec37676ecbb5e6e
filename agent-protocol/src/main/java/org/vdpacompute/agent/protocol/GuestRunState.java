package org.vdpacompute.agent.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.vdpacompute.core.InvalidValueException;

/** A guest's run state as an agent reports it: the names {@code virsh list} uses, in one word. */
public enum GuestRunState {
  RUNNING,
  PAUSED,
  SHUTOFF,
  /** Its memory written to disk and the guest stopped; starting it restores it. */
  SAVED,
  /** Defined, but its definition or state cannot be read: it can only be destroyed; its summary says why. */
  BROKEN;

  @JsonValue
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static GuestRunState fromApiName(String name) {
    for (GuestRunState s : values()) {
      if (s.apiName().equals(name)) return s;
    }
    throw new InvalidValueException("'" + name + "' is not a guest state; expected running, paused, shutoff, saved or broken");
  }
}

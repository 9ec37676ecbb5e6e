package org.vdpacompute.virt;

import java.util.UUID;
import org.vdpacompute.core.InvalidValueException;

/**
 * A guest defined on a host: its instance UUID, its domain name and its run state.
 *
 * @param problem why a {@link GuestState#BROKEN} guest cannot be read; null for any other
 */
public record GuestInfo(UUID uuid, String name, GuestState state, String problem) {
  public GuestInfo {
    if (uuid == null || name == null || state == null) {
      throw new InvalidValueException("guest " + uuid + " needs a uuid, a name and a state");
    }
    if ((state == GuestState.BROKEN) != (problem != null)) {
      throw new InvalidValueException("guest " + uuid + " says why it is broken exactly when it is");
    }
  }

  public GuestInfo(UUID uuid, String name, GuestState state) {
    this(uuid, name, state, null);
  }

  /** A guest whose definition or state cannot be read, and why; its name as far as it is known. */
  public static GuestInfo broken(UUID uuid, String name, String problem) {
    return new GuestInfo(uuid, name, GuestState.BROKEN, problem == null ? "no reason given" : problem);
  }
}

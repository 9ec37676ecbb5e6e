package org.vdpacompute.virt;

import java.util.UUID;
import org.vdpacompute.core.InvalidValueException;

/** A guest defined on a host: its instance UUID, its domain name and its run state. */
public record GuestInfo(UUID uuid, String name, GuestState state) {
  public GuestInfo {
    if (uuid == null || name == null || state == null) {
      throw new InvalidValueException("guest " + uuid + " needs a uuid, a name and a state");
    }
  }
}

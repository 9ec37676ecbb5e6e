package org.vdpacompute.agent.protocol;

import java.util.UUID;
import org.vdpacompute.core.InvalidValueException;

/** A guest defined on a host, as its agent lists it: instance UUID, domain name and run state. */
public record GuestSummary(UUID uuid, String name, GuestRunState state) {
  public GuestSummary {
    if (uuid == null || state == null) throw new InvalidValueException("a guest summary needs a uuid and a state");
  }
}

package org.vdpacompute.agent.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;
import org.vdpacompute.core.InvalidValueException;

/**
 * A guest defined on a host, as its agent lists it: instance UUID, domain name and run state.
 *
 * @param reason why a {@link GuestRunState#BROKEN} guest cannot be read; null for any other, and then
 *     left out of the JSON, as agents of the previous release wrote a summary
 */
public record GuestSummary(UUID uuid, String name, GuestRunState state,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
  public GuestSummary {
    if (uuid == null || state == null) throw new InvalidValueException("a guest summary needs a uuid and a state");
  }

  public GuestSummary(UUID uuid, String name, GuestRunState state) {
    this(uuid, name, state, null);
  }
}

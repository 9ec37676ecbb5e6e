package org.vdpacompute.ovs;

import java.util.Objects;

/**
 * Whether the agent can plug ports now, and why not, in words an operator can act on.
 *
 * @param usable true when the switch answered and has the bridge, or is not managed
 * @param detail what was found, for the host's report and the log
 */
public record SwitchHealth(boolean usable, String detail) {
  public SwitchHealth {
    Objects.requireNonNull(detail, "detail");
  }
}

package org.vdpacompute.ovs;

import java.time.Duration;
import org.vdpacompute.core.InvalidValueException;

/**
 * The agent's {@code [ovs]} section, and how long one exchange with the switch may take.
 *
 * @param plug whether the agent plugs representors at all
 * @param bridge the integration bridge ({@code br-int})
 * @param endpoint the switch's database server
 * @param timeout how long one operation (connect, read, commit) may take before the switch is
 *     reported unreachable
 */
public record SwitchSettings(boolean plug, String bridge, OvsdbEndpoint endpoint, Duration timeout) {

  public static final String DEFAULT_BRIDGE = "br-int";
  public static final OvsdbEndpoint DEFAULT_ENDPOINT = OvsdbEndpoint.parse("unix:/var/run/openvswitch/db.sock");
  /** Long enough for a busy ovsdb-server, short enough that a guest's start is not held long. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public SwitchSettings {
    if (bridge == null || bridge.isBlank()) {
      throw new InvalidValueException("the OVS bridge name is empty");
    }
    if (endpoint == null) {
      throw new InvalidValueException("the OVSDB connection is missing");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new InvalidValueException("OVSDB timeout " + timeout + " is not a positive duration");
    }
  }

  public static SwitchSettings of(boolean plug, String bridge, String connection) {
    return new SwitchSettings(plug, bridge, OvsdbEndpoint.parse(connection), DEFAULT_TIMEOUT);
  }
}

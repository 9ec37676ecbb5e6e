package org.vdpacompute.app.config;

import java.util.Objects;
import org.vdpacompute.ovs.OvsdbEndpoint;
import org.vdpacompute.ovs.SwitchSettings;

/**
 * {@code [ovs]}: the offloaded switch the compute agent plugs VF representors into.
 *
 * @param plug whether the agent plugs each vdpa/direct port's representor into the bridge
 * @param bridge the integration bridge
 * @param connection the switch's OVSDB server
 */
public record OvsSection(boolean plug, String bridge, OvsdbEndpoint connection) {
  public OvsSection {
    Objects.requireNonNull(bridge, "bridge");
    Objects.requireNonNull(connection, "connection");
  }

  /** The switch settings the agent's {@link org.vdpacompute.ovs.SwitchPorts} are made from. */
  public SwitchSettings settings() {
    return new SwitchSettings(plug, bridge, connection, SwitchSettings.DEFAULT_TIMEOUT);
  }
}

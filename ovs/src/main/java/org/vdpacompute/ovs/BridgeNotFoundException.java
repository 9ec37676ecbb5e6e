package org.vdpacompute.ovs;

import org.vdpacompute.core.ErrorCategory;

/** The configured bridge is not in the switch: the host is not set up as {@code [ovs] bridge} says. */
public class BridgeNotFoundException extends SwitchException {
  public BridgeNotFoundException(String endpoint, String bridge) {
    super(endpoint, "bridge " + bridge + " does not exist in the switch at " + endpoint
        + "; create it (ovs-vsctl add-br " + bridge + ") or set [ovs] bridge", null);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFLICT;
  }
}

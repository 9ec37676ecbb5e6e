package org.vdpacompute.ovs;

import java.util.List;

/** {@code [ovs] plug = false}: the operator's own tooling plugs representors; this touches nothing. */
final class UnmanagedSwitch implements SwitchPorts {
  private final String bridge;

  UnmanagedSwitch(String bridge) {
    this.bridge = bridge;
  }

  @Override
  public PlugOutcome plug(PortBinding binding) {
    return PlugOutcome.NOT_MANAGED;
  }

  @Override
  public UnplugOutcome unplug(String representor, String portId) {
    return UnplugOutcome.NOT_MANAGED;
  }

  @Override
  public List<PortBinding> plugged() {
    return List.of();
  }

  @Override
  public SwitchHealth health() {
    return new SwitchHealth(true, "representors are not plugged by this agent ([ovs] plug = false);"
        + " bridge " + bridge + " is left to the operator");
  }
}

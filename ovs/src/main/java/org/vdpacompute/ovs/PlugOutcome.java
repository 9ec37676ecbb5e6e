package org.vdpacompute.ovs;

/** What {@link SwitchPorts#plug} did. */
public enum PlugOutcome {
  /** The representor was not in the bridge and now is, with the port's binding. */
  ADDED,
  /** The representor was in the bridge with this binding already. */
  UNCHANGED,
  /** The representor was in the bridge with another or a partial binding, which it now replaces. */
  REBOUND,
  /** The agent does not manage the switch ({@code [ovs] plug = false}). */
  NOT_MANAGED
}

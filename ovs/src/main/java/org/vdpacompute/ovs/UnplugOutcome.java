package org.vdpacompute.ovs;

/** What {@link SwitchPorts#unplug} did. */
public enum UnplugOutcome {
  /** The representor's Port is gone from the bridge. */
  REMOVED,
  /** The representor was not in the bridge. */
  ABSENT,
  /** The representor serves another port now; it was left alone. */
  HELD_BY_ANOTHER_PORT,
  /** The agent does not manage the switch ({@code [ovs] plug = false}). */
  NOT_MANAGED
}

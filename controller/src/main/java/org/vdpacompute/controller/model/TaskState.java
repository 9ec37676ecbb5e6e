package org.vdpacompute.controller.model;

import java.util.Locale;

/** What an instance is in the middle of, as Nova's {@code OS-EXT-STS:task_state}; null when idle. */
public enum TaskState {
  SCHEDULING, SPAWNING, DELETING,
  REBOOTING, REBOOTING_HARD, POWERING_OFF, POWERING_ON, SUSPENDING, RESUMING,
  RESIZE_PREP, RESIZE_MIGRATING, RESIZE_FINISH, RESIZE_REVERTING, RESIZE_CONFIRMING,
  MIGRATING, REBUILDING,
  SHELVING, SHELVING_OFFLOADING, UNSHELVING,
  INTERFACE_ATTACHING, INTERFACE_DETACHING;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package org.vdpacompute.controller.model;

/**
 * The {@code status} the compute API shows, derived from vm_state and task_state as Nova derives
 * it: a task in progress shows as what it does (REBOOT, RESIZE, MIGRATING, REBUILD), else the state.
 */
public final class ServerStatus {
  private ServerStatus() {}

  public static String of(VmState vm, TaskState task) {
    switch (vm) {
      case BUILDING:
        return "BUILD";
      case ACTIVE:
        if (task == null) return "ACTIVE";
        switch (task) {
          case REBOOTING: return "REBOOT";
          case REBOOTING_HARD: return "HARD_REBOOT";
          case REBUILDING: return "REBUILD";
          case MIGRATING: return "MIGRATING";
          case RESIZE_PREP: case RESIZE_MIGRATING: case RESIZE_FINISH: return "RESIZE";
          default: return "ACTIVE";
        }
      case STOPPED:
        if (task == TaskState.RESIZE_PREP || task == TaskState.RESIZE_MIGRATING || task == TaskState.RESIZE_FINISH) {
          return "RESIZE";
        }
        return task == TaskState.REBUILDING ? "REBUILD" : "SHUTOFF";
      case RESIZED:
        return task == TaskState.RESIZE_REVERTING ? "REVERT_RESIZE" : "VERIFY_RESIZE";
      case PAUSED:
        return "PAUSED";
      case SUSPENDED:
        return "SUSPENDED";
      case SHELVED:
        return "SHELVED";
      case SHELVED_OFFLOADED:
        return "SHELVED_OFFLOADED";
      case ERROR:
        return task == TaskState.REBUILDING ? "REBUILD" : "ERROR";
      case DELETED:
        return "DELETED";
      default:
        throw new IllegalStateException("unhandled vm_state " + vm);
    }
  }
}

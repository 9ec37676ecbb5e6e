package org.vdpacompute.controller.model;

import org.vdpacompute.core.InvalidValueException;

/**
 * Where a server is in its life: its stable vm_state and the task it is in the middle of (null when
 * idle), the pair Nova's API shows as {@code OS-EXT-STS:vm_state} and {@code OS-EXT-STS:task_state}.
 */
public record InstanceState(VmState vm, TaskState task) {
  public InstanceState {
    if (vm == null) throw new InvalidValueException("an instance state needs a vm_state");
  }

  public static InstanceState idle(VmState vm) {
    return new InstanceState(vm, null);
  }

  public boolean isIdle() {
    return task == null;
  }

  @Override
  public String toString() {
    return "vm_state " + vm.apiName() + ", task_state " + (task == null ? "none" : task.apiName());
  }
}

package org.vdpacompute.controller.model;

import org.vdpacompute.core.ConflictException;

/** An action the server's state forbids now; Nova answers 409 with the same words. */
public final class InstanceInvalidStateException extends ConflictException {
  public InstanceInvalidStateException(String action, Instance instance) {
    super("Cannot '" + action + "' instance " + instance.uuid() + " while it is in "
        + (instance.taskState() != null ? "task_state " + instance.taskState().apiName()
            : "vm_state " + instance.vmState().apiName()) + ".");
  }
}

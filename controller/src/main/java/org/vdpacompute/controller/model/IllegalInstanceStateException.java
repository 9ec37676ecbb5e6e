package org.vdpacompute.controller.model;

import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;

/**
 * A change of a server's state that {@link InstanceStates} does not allow: a workflow asked for a
 * move the server state machine has no place for. It names the server, what it found and what was
 * wanted.
 */
public final class IllegalInstanceStateException extends VdpaComputeException {
  private final InstanceState found;
  private final InstanceState wanted;

  public IllegalInstanceStateException(String instanceUuid, InstanceState found, InstanceState wanted) {
    super("instance " + instanceUuid + " cannot go from " + found + " to " + wanted);
    this.found = found;
    this.wanted = wanted;
  }

  public InstanceState found() {
    return found;
  }

  public InstanceState wanted() {
    return wanted;
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFLICT;
  }
}

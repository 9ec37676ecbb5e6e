package org.vdpacompute.ovs;

import org.vdpacompute.core.ErrorCategory;

/**
 * The representor is a port of another bridge: the host's configuration, which the agent does not
 * change behind the operator's back.
 */
public class RepresentorInUseException extends SwitchException {
  public RepresentorInUseException(String endpoint, String message) {
    super(endpoint, message, null);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFLICT;
  }
}

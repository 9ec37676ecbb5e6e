package org.vdpacompute.app.startup;

import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;

/**
 * A command found, at start, something that stops it before it has written anything: an address
 * another process holds, a state directory another vdpa-compute process uses. Like a bad
 * configuration it is the operator's to fix: the command prints the message as one line and exits
 * with status 2.
 */
public class StartRefusedException extends VdpaComputeException {
  public StartRefusedException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFLICT;
  }
}

package org.vdpacompute.scheduler;

import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;

/** No host can take the instance; the message says which filters removed which hosts. */
public class NoValidHostException extends VdpaComputeException {
  public NoValidHostException(String message) {
    super(message);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFLICT;
  }
}

package org.vdpacompute.ovs;

import org.vdpacompute.core.ErrorCategory;

/** The switch's database server could not be reached, or did not answer in time. */
public class SwitchUnreachableException extends SwitchException {
  public SwitchUnreachableException(String endpoint, String reason, Throwable cause) {
    super(endpoint, "the switch's database at " + endpoint + " cannot be reached: " + reason, cause);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.UNAVAILABLE;
  }
}

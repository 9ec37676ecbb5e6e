package org.vdpacompute.core;

/**
 * A call of the OpenStack APIs that vdpa-compute does not serve (category {@link
 * ErrorCategory#NOT_IMPLEMENTED}); the message names the call and says so.
 */
public class NotSupportedException extends VdpaComputeException {
  public NotSupportedException(String message) {
    super(message);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.NOT_IMPLEMENTED;
  }
}

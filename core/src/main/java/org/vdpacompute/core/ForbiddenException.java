package org.vdpacompute.core;

/** A request failed with category {@link ErrorCategory#FORBIDDEN}; the message says what and why. */
public class ForbiddenException extends VdpaComputeException {
  public ForbiddenException(String message) {
    super(message);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.FORBIDDEN;
  }
}

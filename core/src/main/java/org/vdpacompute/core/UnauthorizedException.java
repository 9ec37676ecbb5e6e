package org.vdpacompute.core;

/** A request failed with category {@link ErrorCategory#UNAUTHORIZED}; the message says what and why. */
public class UnauthorizedException extends VdpaComputeException {
  public UnauthorizedException(String message) {
    super(message);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.UNAUTHORIZED;
  }
}

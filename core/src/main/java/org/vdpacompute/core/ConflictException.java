package org.vdpacompute.core;

/** A request failed with category {@link ErrorCategory#CONFLICT}; the message says what and why. */
public class ConflictException extends VdpaComputeException {
  public ConflictException(String message) {
    super(message);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFLICT;
  }
}

package org.vdpacompute.core;

/** A request failed with category {@link ErrorCategory#NOT_FOUND}; the message says what and why. */
public class NotFoundException extends VdpaComputeException {
  public NotFoundException(String message) {
    super(message);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.NOT_FOUND;
  }
}

package org.vdpacompute.core;

/** A value given from outside (configuration, API, report) is malformed. */
public class InvalidValueException extends VdpaComputeException {
  public InvalidValueException(String message) {
    super(message);
  }

  public InvalidValueException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.INVALID;
  }
}

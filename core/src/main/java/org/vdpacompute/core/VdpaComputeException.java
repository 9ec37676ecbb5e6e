package org.vdpacompute.core;

/**
 * Root of every error vdpa-compute raises on purpose. Subclasses are named after what failed and
 * carry, in their message, what a person needs to act: which device, which host, which spec.
 */
public class VdpaComputeException extends RuntimeException {
  public VdpaComputeException(String message) {
    super(message);
  }

  public VdpaComputeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** How a caller must treat this error; subclasses say what they are. */
  public ErrorCategory category() {
    return ErrorCategory.INTERNAL;
  }
}

package org.vdpacompute.scheduler;

import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;

/**
 * No host can take the instance. The message says why without naming hosts, for any user; the
 * details, when an explanation was made, give each host's reason, for administrators.
 */
public class NoValidHostException extends VdpaComputeException {
  private final String details;

  public NoValidHostException(String message) {
    this(message, null);
  }

  public NoValidHostException(String message, String details) {
    super(message);
    this.details = details;
  }

  /** Each refused host with its reason, one per line; null when the refusal was not explained. */
  public String details() {
    return details;
  }

  @Override
  public ErrorCategory category() {
    return ErrorCategory.CONFLICT;
  }
}

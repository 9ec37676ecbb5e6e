package org.vdpacompute.controller.quota;

import org.vdpacompute.core.ForbiddenException;

/** A server would have more metadata items than its project's quota allows: 403, in Nova's words. */
public final class MetadataLimitExceededException extends ForbiddenException {
  public MetadataLimitExceededException(int allowed) {
    super("Maximum number of metadata items exceeds " + allowed);
  }
}

package org.vdpacompute.controller.workflows;

import org.vdpacompute.controller.agents.AgentClient.AgentCallException;
import org.vdpacompute.core.VdpaComputeException;

/**
 * Whether a build that failed on one host may succeed on another. Only a failure that came from the
 * host, or that another try can escape, is worth another host: the host's agent failing the spawn
 * (or not answering), the database losing a race or being out of reach. A failure of the request
 * itself (a value refused, a port deleted or taken meanwhile) or a fault in the controller's own
 * code (an exception thrown without being one of ours) is the same on every host: trying three
 * hosts would only repeat it three times and hide it behind "no valid host".
 */
enum BuildFailure {
  /** The host or a passing condition: the next host is tried. */
  HOST(true),
  /** The request or the controller: the server goes to ERROR at once with this failure. */
  REQUEST(false);

  private final boolean worthAnotherHost;

  BuildFailure(boolean worthAnotherHost) {
    this.worthAnotherHost = worthAnotherHost;
  }

  boolean worthAnotherHost() {
    return worthAnotherHost;
  }

  static BuildFailure of(RuntimeException failure) {
    if (failure instanceof AgentCallException) {
      return HOST;
    }
    if (!(failure instanceof VdpaComputeException ours)) {
      return REQUEST;
    }
    return switch (ours.category()) {
      case INVALID, NOT_FOUND, FORBIDDEN, UNAUTHORIZED, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, TOO_LARGE, NOT_IMPLEMENTED -> REQUEST;
      case CONFLICT, UNAVAILABLE, INTERNAL -> HOST;
    };
  }
}

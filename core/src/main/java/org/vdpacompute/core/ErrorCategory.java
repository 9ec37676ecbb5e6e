package org.vdpacompute.core;

/**
 * What kind of failure an error is, as a caller must treat it, and the one HTTP status every
 * listener of ours (the controller's APIs, an agent's) answers it with.
 */
public enum ErrorCategory {
  /** The request or configuration is malformed: fix it and retry. */
  INVALID(400),
  /** No credentials, or credentials that are not (or no longer) valid. */
  UNAUTHORIZED(401),
  /** Valid credentials that may not do this. */
  FORBIDDEN(403),
  /** The thing named does not exist (or is not visible to the caller). */
  NOT_FOUND(404),
  /** The method is not served at this path. */
  METHOD_NOT_ALLOWED(405),
  /** The request asks for a version of the API this program does not serve (a microversion). */
  NOT_ACCEPTABLE(406),
  /** The thing exists but its state forbids this now. */
  CONFLICT(409),
  /** The request's body is larger than the listener takes. */
  TOO_LARGE(413),
  /** A call of the OpenStack APIs that this program does not serve. */
  NOT_IMPLEMENTED(501),
  /** A dependency (database, host) cannot be reached. */
  UNAVAILABLE(503),
  /** A fault of ours. */
  INTERNAL(500);

  private final int httpStatus;

  ErrorCategory(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}

package org.vdpacompute.core;

/**
 * What kind of failure an error is, as a caller must treat it. The API edge maps each category to
 * one HTTP status, in one place.
 */
public enum ErrorCategory {
  /** The request or configuration is malformed: fix it and retry. */
  INVALID,
  /** No credentials, or credentials that are not (or no longer) valid. */
  UNAUTHORIZED,
  /** Valid credentials that may not do this. */
  FORBIDDEN,
  /** The thing named does not exist (or is not visible to the caller). */
  NOT_FOUND,
  /** The thing exists but its state forbids this now. */
  CONFLICT,
  /** A dependency (database, host) cannot be reached. */
  UNAVAILABLE,
  /** A fault of ours. */
  INTERNAL
}

package org.vdpacompute.controller.policy;

/**
 * What an action is performed on, as far as a rule looks at it: the project that owns it, and for a
 * token the user it was issued to. Null parts are unknown; a rule checked against an unknown part
 * answers for the caller's own (the check an API makes before it has read the target).
 *
 * @param projectId the owning project, or null
 * @param userId the user the target belongs to (a token's subject), or null
 */
public record Target(String projectId, String userId) {
  /** Nothing known of the target yet. */
  public static final Target ANY = new Target(null, null);

  public static Target project(String projectId) {
    return new Target(projectId, null);
  }

  public static Target user(String userId) {
    return new Target(null, userId);
  }
}

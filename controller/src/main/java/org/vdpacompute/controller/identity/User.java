package org.vdpacompute.controller.identity;

/**
 * A user who logs in with a password; the password is kept only as a bcrypt hash, null for a user
 * made without one (who cannot log in).
 *
 * @param defaultProjectId the project the user's clients scope to by default, as Keystone's; null for none
 * @param email kept for the operator, as Keystone keeps it; null for none
 */
public record User(String id, String name, String domainId, boolean enabled, String passwordHash,
    String defaultProjectId, String email, String description) {
  public User {
    description = description == null ? "" : description;
  }

  /** A user with a password and nothing else. */
  public User(String id, String name, String domainId, boolean enabled, String passwordHash) {
    this(id, name, domainId, enabled, passwordHash, null, null, "");
  }

  @Override
  public String toString() {
    return "User[" + id + " " + name + "]";
  }
}

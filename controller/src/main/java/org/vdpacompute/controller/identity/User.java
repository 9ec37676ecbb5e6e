package org.vdpacompute.controller.identity;

/** A user who logs in with a password; the password is kept only as a bcrypt hash. */
public record User(String id, String name, String domainId, boolean enabled, String passwordHash) {
  @Override
  public String toString() {
    return "User[" + id + " " + name + "]";
  }
}

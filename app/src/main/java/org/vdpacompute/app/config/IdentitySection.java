package org.vdpacompute.app.config;

/**
 * {@code [identity]}: the passwords the controller bootstraps and the agents log in with. Either
 * may be null when not set; {@link #toString()} never shows them.
 *
 * @param adminPassword bootstrap password of user {@code admin} (controller)
 * @param servicePassword password of the service user that agents log in as
 */
public record IdentitySection(String adminPassword, String servicePassword) {
  @Override
  public String toString() {
    return "IdentitySection[adminPassword=" + mask(adminPassword)
        + ", servicePassword=" + mask(servicePassword) + "]";
  }

  private static String mask(String password) {
    return password == null ? "(not set)" : "****";
  }
}

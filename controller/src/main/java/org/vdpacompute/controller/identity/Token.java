package org.vdpacompute.controller.identity;

import java.time.Instant;
import java.util.Set;

/**
 * A project-scoped token: who, in which project, with which roles, until when. The token's secret
 * ({@code id}) is handed to the client once; the store keeps only its digest.
 */
public record Token(
    String id, User user, Project project, Set<Role> roles, Instant issuedAt, Instant expiresAt, String auditId) {

  public Token {
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public boolean isAdmin() {
    return roles.contains(Role.ADMIN);
  }

  @Override
  public String toString() {
    return "Token[user=" + user.name() + " project=" + project.name() + " roles=" + roles + " expires=" + expiresAt + "]";
  }
}

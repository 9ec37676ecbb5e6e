package org.vdpacompute.controller.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Where users, projects, role assignments and tokens live. */
public interface IdentityStore {
  Optional<User> userByName(String domainId, String name);

  Optional<User> user(String id);

  Optional<Project> projectByName(String domainId, String name);

  Optional<Project> project(String id);

  Set<Role> roles(String userId, String projectId);

  void createProject(Project project);

  void createUser(User user);

  void assignRole(String userId, String projectId, Role role);

  /** Keeps a token under the digest of its secret; the secret itself ({@code token.id()}) is not kept. */
  void saveToken(String digest, Token token);

  /** The token kept under {@code digest}, with its user and project as they are now, and no secret (id null). */
  Optional<Token> token(String digest);

  void revokeToken(String digest);

  /** Forgets tokens that expired before {@code now}; returns how many. */
  int purgeExpired(Instant now);
}

package org.vdpacompute.controller.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where users, projects, roles, role assignments and tokens live. A create whose name is taken
 * throws {@link org.vdpacompute.core.ConflictException}.
 */
public interface IdentityStore {
  Optional<User> userByName(String domainId, String name);

  Optional<User> user(String id);

  /** Every user, by name. */
  List<User> users();

  Optional<Project> projectByName(String domainId, String name);

  Optional<Project> project(String id);

  /** Every project, by name. */
  List<Project> projects();

  /** The built-in roles a user has on a project; roles an operator made are left out. */
  Set<Role> roles(String userId, String projectId);

  void createProject(Project project);

  /** Deletes a project with its role assignments and tokens; false when there was none. */
  boolean deleteProject(String id);

  void createUser(User user);

  /** Deletes a user with its role assignments and tokens; false when there was none. */
  boolean deleteUser(String id);

  /** The roles operators made, by name (the built-in ones are not stored). */
  List<RoleDefinition> customRoles();

  void createRole(RoleDefinition role);

  /** Deletes a role an operator made, with its assignments; false when there was none. */
  boolean deleteRole(String id);

  /** Gives a user a role (by name) on a project; giving it again changes nothing. */
  void assignRole(String userId, String projectId, String roleName);

  /** Takes a role (by name) from a user on a project; false when the user did not have it. */
  boolean unassignRole(String userId, String projectId, String roleName);

  /** Every role assignment, by user, project and role. */
  List<Assignment> assignments();

  /** Keeps a token under the digest of its secret; the secret itself ({@code token.id()}) is not kept. */
  void saveToken(String digest, Token token);

  /** The token kept under {@code digest}, with its user and project as they are now, and no secret (id null). */
  Optional<Token> token(String digest);

  void revokeToken(String digest);

  /** Forgets tokens that expired before {@code now}; returns how many. */
  int purgeExpired(Instant now);
}

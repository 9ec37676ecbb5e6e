package org.vdpacompute.controller.identity;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An identity store in memory, for tests of what sits above the store. */
public final class InMemoryIdentityStore implements IdentityStore {
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Project> projects = new ConcurrentHashMap<>();
  private final Set<Assignment> assignments = ConcurrentHashMap.newKeySet();
  private final Map<String, RoleDefinition> customRoles = new ConcurrentHashMap<>();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  @Override
  public Optional<User> userByName(String domainId, String name) {
    return users.values().stream().filter(u -> u.domainId().equals(domainId) && u.name().equals(name)).findFirst();
  }

  @Override
  public Optional<User> user(String id) {
    return Optional.ofNullable(users.get(id));
  }

  @Override
  public Optional<Project> projectByName(String domainId, String name) {
    return projects.values().stream().filter(p -> p.domainId().equals(domainId) && p.name().equals(name)).findFirst();
  }

  @Override
  public Optional<Project> project(String id) {
    return Optional.ofNullable(projects.get(id));
  }

  @Override
  public List<User> users() {
    return users.values().stream().sorted(Comparator.comparing(User::name)).toList();
  }

  @Override
  public List<Project> projects() {
    return projects.values().stream().sorted(Comparator.comparing(Project::name)).toList();
  }

  @Override
  public Set<Role> roles(String userId, String projectId) {
    Set<Role> held = EnumSet.noneOf(Role.class);
    for (Assignment a : assignments) {
      if (a.userId().equals(userId) && a.projectId().equals(projectId)) Role.named(a.roleName()).ifPresent(held::add);
    }
    return held;
  }

  @Override
  public boolean deleteProject(String id) {
    assignments.removeIf(a -> a.projectId().equals(id));
    tokens.values().removeIf(t -> t.project().id().equals(id));
    return projects.remove(id) != null;
  }

  @Override
  public boolean deleteUser(String id) {
    assignments.removeIf(a -> a.userId().equals(id));
    tokens.values().removeIf(t -> t.user().id().equals(id));
    return users.remove(id) != null;
  }

  @Override
  public List<RoleDefinition> customRoles() {
    return customRoles.values().stream().sorted(Comparator.comparing(RoleDefinition::name)).toList();
  }

  @Override
  public void createRole(RoleDefinition role) {
    customRoles.put(role.id(), role);
  }

  @Override
  public boolean deleteRole(String id) {
    RoleDefinition gone = customRoles.remove(id);
    if (gone != null) assignments.removeIf(a -> a.roleName().equals(gone.name()));
    return gone != null;
  }

  @Override
  public boolean unassignRole(String userId, String projectId, String roleName) {
    return assignments.remove(new Assignment(userId, projectId, roleName));
  }

  @Override
  public List<Assignment> assignments() {
    return List.copyOf(assignments);
  }

  @Override
  public void createProject(Project project) {
    projects.put(project.id(), project);
  }

  @Override
  public void createUser(User user) {
    users.put(user.id(), user);
  }

  /** Replaces a user, e.g. to disable it. */
  public void updateUser(User user) {
    users.put(user.id(), user);
  }

  @Override
  public void assignRole(String userId, String projectId, String roleName) {
    assignments.add(new Assignment(userId, projectId, roleName));
  }

  @Override
  public void saveToken(String digest, Token token) {
    tokens.put(digest, token);
  }

  @Override
  public Optional<Token> token(String digest) {
    return Optional.ofNullable(tokens.get(digest)).map(t -> new Token(null, users.get(t.user().id()),
        projects.get(t.project().id()), t.roles(), t.issuedAt(), t.expiresAt(), t.auditId()));
  }

  @Override
  public void revokeToken(String digest) {
    tokens.remove(digest);
  }

  @Override
  public int purgeExpired(Instant now) {
    int before = tokens.size();
    tokens.values().removeIf(t -> !t.expiresAt().isAfter(now));
    return before - tokens.size();
  }
}

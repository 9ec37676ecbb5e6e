package org.vdpacompute.controller.identity;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An identity store in memory, for tests of what sits above the store. */
public final class InMemoryIdentityStore implements IdentityStore {
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Project> projects = new ConcurrentHashMap<>();
  private final Map<String, Set<Role>> roles = new ConcurrentHashMap<>();
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
  public Set<Role> roles(String userId, String projectId) {
    return Set.copyOf(roles.getOrDefault(userId + "/" + projectId, Set.of()));
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
  public void assignRole(String userId, String projectId, Role role) {
    roles.computeIfAbsent(userId + "/" + projectId, k -> EnumSet.noneOf(Role.class)).add(role);
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

package org.vdpacompute.controller.identity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;

/**
 * What an operator manages of identity, as Keystone's v3 API offers it: projects, users, roles and
 * the roles users have on projects. There is one domain ({@value IdentityService#DEFAULT_DOMAIN_ID}).
 * The projects and users the controller made at its first start (its administrator, the service
 * user the agents log in as, and their projects) cannot be deleted: the cloud stops working
 * without them. Nor can the four roles the policy knows.
 */
public final class IdentityAdmin {
  /** Keystone's limit on a project's name. */
  static final int MAX_PROJECT_NAME = 64;
  static final int MAX_NAME = 255;
  static final int MAX_DESCRIPTION = 65535;
  /** bcrypt reads no more than this of a password: a longer one would match any with the same start. */
  static final int MAX_PASSWORD_BYTES = 72;

  private final IdentityStore store;
  private final PasswordHasher hasher;
  private final Set<String> builtInProjects;
  private final Set<String> builtInUsers;

  /**
   * @param builtInProjects names of the projects the controller needs, which are not deleted
   * @param builtInUsers names of the users the controller needs, which are not deleted
   */
  public IdentityAdmin(IdentityStore store, PasswordHasher hasher, Set<String> builtInProjects, Set<String> builtInUsers) {
    this.store = store;
    this.hasher = hasher;
    this.builtInProjects = Set.copyOf(builtInProjects);
    this.builtInUsers = Set.copyOf(builtInUsers);
  }

  /** What a project create asks for; null fields take Keystone's defaults. */
  public record ProjectRequest(String name, String domainId, String description, Boolean enabled) {}

  public Project createProject(ProjectRequest r) {
    String name = name("project", r.name(), MAX_PROJECT_NAME);
    String domain = domain(r.domainId());
    if (store.projectByName(domain, name).isPresent()) throw duplicate("project", name);
    Project p = new Project(IdentityService.newId(), name, domain, r.enabled() == null || r.enabled(),
        description(r.description()));
    store.createProject(p);
    return p;
  }

  public Project project(String id) {
    return store.project(id).orElseThrow(() -> new NotFoundException("Could not find project: " + id + "."));
  }

  /** The projects whose name is {@code name} (all when null). */
  public List<Project> projects(String name) {
    return store.projects().stream().filter(p -> name == null || p.name().equals(name)).toList();
  }

  /** The projects a user has a role on, by name. */
  public List<Project> projectsOf(String userId) {
    Set<String> ids = new java.util.HashSet<>();
    for (Assignment a : store.assignments()) {
      if (a.userId().equals(userId)) ids.add(a.projectId());
    }
    return store.projects().stream().filter(p -> ids.contains(p.id())).toList();
  }

  public void deleteProject(String id) {
    Project p = project(id);
    if (builtInProjects.contains(p.name())) {
      throw new ConflictException("project " + p.name() + " holds a user this cloud needs (its administrator or the"
          + " compute agents' service user); it cannot be deleted");
    }
    if (!store.deleteProject(p.id())) throw new NotFoundException("Could not find project: " + id + ".");
  }

  /** What a user create asks for; null fields take Keystone's defaults, a null password makes a user who cannot log in. */
  public record UserRequest(String name, String domainId, String password, Boolean enabled, String defaultProjectId,
      String email, String description) {
    @Override
    public String toString() {
      return "UserRequest[" + name + "]";
    }
  }

  public User createUser(UserRequest r) {
    String name = name("user", r.name(), MAX_NAME);
    String domain = domain(r.domainId());
    if (r.password() != null && r.password().getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw new InvalidValueException("a password may be at most " + MAX_PASSWORD_BYTES + " bytes: bcrypt, which keeps"
          + " passwords here, reads no more");
    }
    if (r.password() != null && r.password().isEmpty()) {
      throw new InvalidValueException("a password may not be empty; leave it out for a user who cannot log in");
    }
    if (r.defaultProjectId() != null && store.project(r.defaultProjectId()).isEmpty()) {
      throw new InvalidValueException("the default project " + r.defaultProjectId() + " does not exist");
    }
    if (r.email() != null && r.email().length() > MAX_NAME) {
      throw new InvalidValueException("an e-mail address may be at most " + MAX_NAME + " characters");
    }
    if (store.userByName(domain, name).isPresent()) throw duplicate("user", name);
    User u = new User(IdentityService.newId(), name, domain, r.enabled() == null || r.enabled(),
        r.password() == null ? null : hasher.hash(r.password()), r.defaultProjectId(), r.email(), description(r.description()));
    store.createUser(u);
    return u;
  }

  public User user(String id) {
    return store.user(id).orElseThrow(() -> new NotFoundException("Could not find user: " + id + "."));
  }

  /** The users whose name is {@code name} (all when null). */
  public List<User> users(String name) {
    return store.users().stream().filter(u -> name == null || u.name().equals(name)).toList();
  }

  public void deleteUser(String id) {
    User u = user(id);
    if (builtInUsers.contains(u.name())) {
      throw new ConflictException("user " + u.name() + " is one this cloud needs (its administrator or the compute agents'"
          + " service user); it cannot be deleted");
    }
    if (!store.deleteUser(u.id())) throw new NotFoundException("Could not find user: " + id + ".");
  }

  /** The built-in roles and the operators' own, by name; only those named {@code name} when it is not null. */
  public List<RoleDefinition> roles(String name) {
    List<RoleDefinition> all = new ArrayList<>();
    for (Role r : Role.values()) all.add(RoleDefinition.of(r));
    all.addAll(store.customRoles());
    return all.stream().filter(r -> name == null || r.sameName(name))
        .sorted(Comparator.comparing(RoleDefinition::name)).toList();
  }

  public RoleDefinition role(String id) {
    return findRole(r -> r.id().equals(id)).orElseThrow(() -> new NotFoundException("Could not find role: " + id + "."));
  }

  /** A role that grants nothing here (the policy knows only the built-in ones), for operators' own bookkeeping. */
  public RoleDefinition createRole(String name, String description) {
    String checked = name("role", name, MAX_NAME);
    if (findRole(r -> r.sameName(checked)).isPresent()) throw duplicate("role", checked);
    RoleDefinition role = new RoleDefinition(IdentityService.newId(), checked, description(description));
    store.createRole(role);
    return role;
  }

  public void deleteRole(String id) {
    RoleDefinition role = role(id);
    if (role.builtIn().isPresent()) {
      throw new ConflictException("role " + role.name() + " is one the policy of this cloud is made of; it cannot be deleted");
    }
    if (!store.deleteRole(role.id())) throw new NotFoundException("Could not find role: " + id + ".");
  }

  /** Gives a user a role on a project (Keystone's grant); giving it again changes nothing. */
  public void grant(String projectId, String userId, String roleId) {
    Assignment a = assignment(projectId, userId, roleId);
    store.assignRole(a.userId(), a.projectId(), a.roleName());
  }

  /** Takes a role from a user on a project. */
  public void revoke(String projectId, String userId, String roleId) {
    Assignment a = assignment(projectId, userId, roleId);
    if (!store.unassignRole(a.userId(), a.projectId(), a.roleName())) throw noAssignment(a);
  }

  /** Refuses unless the user has the role on the project (Keystone's check of a grant). */
  public void checkGrant(String projectId, String userId, String roleId) {
    Assignment a = assignment(projectId, userId, roleId);
    if (!store.assignments().contains(a)) throw noAssignment(a);
  }

  /** Role assignments, each part filtered when not null (a role by id). */
  public List<Assignment> assignments(String userId, String projectId, String roleId) {
    String roleName = roleId == null ? null : findRole(r -> r.id().equals(roleId)).map(RoleDefinition::name).orElse(null);
    if (roleId != null && roleName == null) return List.of();
    return store.assignments().stream()
        .filter(a -> userId == null || a.userId().equals(userId))
        .filter(a -> projectId == null || a.projectId().equals(projectId))
        .filter(a -> roleName == null || a.roleName().equalsIgnoreCase(roleName))
        .toList();
  }

  /** A role by the name an assignment holds, built in or not; empty when it is gone. */
  public Optional<RoleDefinition> roleNamed(String name) {
    return findRole(r -> r.sameName(name));
  }

  private Assignment assignment(String projectId, String userId, String roleId) {
    Project p = project(projectId);
    User u = user(userId);
    RoleDefinition r = role(roleId);
    return new Assignment(u.id(), p.id(), r.name());
  }

  private Optional<RoleDefinition> findRole(Predicate<RoleDefinition> which) {
    return roles(null).stream().filter(which).findFirst();
  }

  private static NotFoundException noAssignment(Assignment a) {
    return new NotFoundException("Could not find role assignment with role: " + a.roleName() + ", user or group: "
        + a.userId() + ", project, domain, or system: " + a.projectId() + ".");
  }

  private static ConflictException duplicate(String kind, String name) {
    return new ConflictException("Conflict occurred attempting to store " + kind + " - Duplicate entry found with name "
        + name + ".");
  }

  private static String name(String kind, String name, int max) {
    if (name == null || name.isBlank()) throw new InvalidValueException("a " + kind + " needs a 'name'");
    if (name.length() > max) {
      throw new InvalidValueException("a " + kind + "'s name may be at most " + max + " characters, not " + name.length());
    }
    return name.strip();
  }

  private static String domain(String domainId) {
    if (domainId == null || domainId.equals(IdentityService.DEFAULT_DOMAIN_ID)) return IdentityService.DEFAULT_DOMAIN_ID;
    throw new InvalidValueException("this cloud has one domain, '" + IdentityService.DEFAULT_DOMAIN_ID + "', not '"
        + domainId + "'");
  }

  private static String description(String description) {
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw new InvalidValueException("a description may be at most " + MAX_DESCRIPTION + " characters");
    }
    return description;
  }
}

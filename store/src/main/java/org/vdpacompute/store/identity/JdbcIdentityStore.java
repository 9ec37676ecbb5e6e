package org.vdpacompute.store.identity;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.vdpacompute.controller.identity.Assignment;
import org.vdpacompute.controller.identity.IdentityStore;
import org.vdpacompute.controller.identity.Project;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.identity.RoleDefinition;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.identity.User;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.store.ConstraintViolation;
import org.vdpacompute.store.Database;

/** Users, projects, roles operators made, role assignments and tokens in the database. */
public final class JdbcIdentityStore implements IdentityStore {
  private static final String USER_COLUMNS = "id, name, domain_id, enabled, password_hash, default_project_id, email, description";
  private static final String PROJECT_COLUMNS = "id, name, domain_id, enabled, description";

  private final Database db;

  public JdbcIdentityStore(Database db) {
    this.db = db;
  }

  @Override
  public Optional<User> userByName(String domainId, String name) {
    return db.inTransaction(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE domain_id = :d AND name = :n")
        .bind("d", domainId).bind("n", name).map((rs, ctx) -> user(rs)).findOne());
  }

  @Override
  public Optional<User> user(String id) {
    return db.inTransaction(h -> findUser(h, id));
  }

  private static Optional<User> findUser(Handle h, String id) {
    return h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE id = :id").bind("id", id)
        .map((rs, ctx) -> user(rs)).findOne();
  }

  @Override
  public List<User> users() {
    return db.inTransaction(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users ORDER BY name, id")
        .map((rs, ctx) -> user(rs)).list());
  }

  @Override
  public Optional<Project> projectByName(String domainId, String name) {
    return db.inTransaction(h -> h.createQuery("SELECT " + PROJECT_COLUMNS + " FROM projects WHERE domain_id = :d AND name = :n")
        .bind("d", domainId).bind("n", name).map((rs, ctx) -> project(rs)).findOne());
  }

  @Override
  public Optional<Project> project(String id) {
    return db.inTransaction(h -> findProject(h, id));
  }

  private static Optional<Project> findProject(Handle h, String id) {
    return h.createQuery("SELECT " + PROJECT_COLUMNS + " FROM projects WHERE id = :id").bind("id", id)
        .map((rs, ctx) -> project(rs)).findOne();
  }

  @Override
  public List<Project> projects() {
    return db.inTransaction(h -> h.createQuery("SELECT " + PROJECT_COLUMNS + " FROM projects ORDER BY name, id")
        .map((rs, ctx) -> project(rs)).list());
  }

  @Override
  public Set<Role> roles(String userId, String projectId) {
    return db.inTransaction(h -> findRoles(h, userId, projectId));
  }

  private static Set<Role> findRoles(Handle h, String userId, String projectId) {
    List<String> names = h.createQuery("SELECT role FROM role_assignments WHERE user_id = :u AND project_id = :p")
        .bind("u", userId).bind("p", projectId).mapTo(String.class).list();
    Set<Role> roles = EnumSet.noneOf(Role.class);
    // Roles operators made are kept too, but the policy knows only the built-in ones.
    for (String n : names) Role.named(n).ifPresent(roles::add);
    return roles;
  }

  @Override
  public void createProject(Project p) {
    insert("project", p.name(), h -> h.createUpdate("INSERT INTO projects (" + PROJECT_COLUMNS + ") "
            + "VALUES (:id, :name, :domain, :enabled, :description)")
        .bind("id", p.id()).bind("name", p.name()).bind("domain", p.domainId()).bind("enabled", p.enabled())
        .bind("description", p.description()).execute());
  }

  @Override
  public boolean deleteProject(String id) {
    return db.inTransaction(h -> h.createUpdate("DELETE FROM projects WHERE id = :id").bind("id", id).execute()) == 1;
  }

  @Override
  public void createUser(User u) {
    insert("user", u.name(), h -> h.createUpdate("INSERT INTO users (" + USER_COLUMNS + ") "
            + "VALUES (:id, :name, :domain, :enabled, :hash, :project, :email, :description)")
        .bind("id", u.id()).bind("name", u.name()).bind("domain", u.domainId()).bind("enabled", u.enabled())
        .bind("hash", u.passwordHash()).bind("project", u.defaultProjectId()).bind("email", u.email())
        .bind("description", u.description()).execute());
  }

  @Override
  public boolean deleteUser(String id) {
    return db.inTransaction(h -> h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id).execute()) == 1;
  }

  @Override
  public List<RoleDefinition> customRoles() {
    return db.inTransaction(h -> h.createQuery("SELECT id, name, description FROM roles ORDER BY name")
        .map((rs, ctx) -> new RoleDefinition(rs.getString("id"), rs.getString("name"), rs.getString("description"))).list());
  }

  @Override
  public void createRole(RoleDefinition r) {
    insert("role", r.name(), h -> h.createUpdate("INSERT INTO roles (id, name, description) VALUES (:id, :name, :description)")
        .bind("id", r.id()).bind("name", r.name()).bind("description", r.description()).execute());
  }

  @Override
  public boolean deleteRole(String id) {
    return db.inTransaction(h -> {
      h.createUpdate("DELETE FROM role_assignments WHERE role IN (SELECT name FROM roles WHERE id = :id)").bind("id", id)
          .execute();
      return h.createUpdate("DELETE FROM roles WHERE id = :id").bind("id", id).execute() == 1;
    });
  }

  @Override
  public void assignRole(String userId, String projectId, String roleName) {
    db.useTransaction(h -> {
      boolean held = h.createQuery("SELECT COUNT(*) FROM role_assignments WHERE user_id = :u AND project_id = :p AND role = :r")
          .bind("u", userId).bind("p", projectId).bind("r", roleName).mapTo(Integer.class).one() > 0;
      if (!held) {
        h.createUpdate("INSERT INTO role_assignments (user_id, project_id, role) VALUES (:u, :p, :r)")
            .bind("u", userId).bind("p", projectId).bind("r", roleName).execute();
      }
    });
  }

  @Override
  public boolean unassignRole(String userId, String projectId, String roleName) {
    return db.inTransaction(h -> h.createUpdate("DELETE FROM role_assignments WHERE user_id = :u AND project_id = :p AND role = :r")
        .bind("u", userId).bind("p", projectId).bind("r", roleName).execute()) == 1;
  }

  @Override
  public List<Assignment> assignments() {
    return db.inTransaction(h -> h.createQuery("SELECT user_id, project_id, role FROM role_assignments ORDER BY user_id, project_id, role")
        .map((rs, ctx) -> new Assignment(rs.getString("user_id"), rs.getString("project_id"), rs.getString("role"))).list());
  }

  /** An insert whose name another row has is a conflict, as Keystone words it. */
  private void insert(String kind, String name, java.util.function.Consumer<Handle> statement) {
    try {
      db.useTransaction(statement);
    } catch (RuntimeException e) {
      if (ConstraintViolation.isUnique(e)) {
        throw new ConflictException("Conflict occurred attempting to store " + kind + " - Duplicate entry found with name "
            + name + ".");
      }
      throw e;
    }
  }

  @Override
  public void saveToken(String digest, Token t) {
    db.useTransaction(h -> h.createUpdate("INSERT INTO tokens (digest, user_id, project_id, issued_at, expires_at, audit_id) "
            + "VALUES (:digest, :user, :project, :issued, :expires, :audit)")
        .bind("digest", digest).bind("user", t.user().id()).bind("project", t.project().id())
        .bind("issued", t.issuedAt()).bind("expires", t.expiresAt()).bind("audit", t.auditId()).execute());
  }

  @Override
  public Optional<Token> token(String digest) {
    return db.inTransaction(h -> h.createQuery("SELECT user_id, project_id, issued_at, expires_at, audit_id FROM tokens WHERE digest = :d")
        .bind("d", digest)
        .map((rs, ctx) -> new TokenRow(rs.getString("user_id"), rs.getString("project_id"),
            rs.getObject("issued_at", java.time.OffsetDateTime.class).toInstant(),
            rs.getObject("expires_at", java.time.OffsetDateTime.class).toInstant(), rs.getString("audit_id")))
        .findOne()
        .flatMap(row -> findUser(h, row.userId()).flatMap(user -> findProject(h, row.projectId())
            .map(project -> new Token(null, user, project, findRoles(h, user.id(), project.id()),
                row.issuedAt(), row.expiresAt(), row.auditId())))));
  }

  private record TokenRow(String userId, String projectId, Instant issuedAt, Instant expiresAt, String auditId) {}

  @Override
  public void revokeToken(String digest) {
    db.useTransaction(h -> h.createUpdate("DELETE FROM tokens WHERE digest = :d").bind("d", digest).execute());
  }

  @Override
  public int purgeExpired(Instant now) {
    return db.inTransaction(h -> h.createUpdate("DELETE FROM tokens WHERE expires_at <= :now").bind("now", now).execute());
  }

  private static User user(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new User(rs.getString("id"), rs.getString("name"), rs.getString("domain_id"), rs.getBoolean("enabled"),
        rs.getString("password_hash"), rs.getString("default_project_id"), rs.getString("email"), rs.getString("description"));
  }

  private static Project project(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Project(rs.getString("id"), rs.getString("name"), rs.getString("domain_id"), rs.getBoolean("enabled"),
        rs.getString("description"));
  }
}

package org.vdpacompute.store.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.vdpacompute.controller.identity.Assignment;
import org.vdpacompute.controller.identity.IdentityAdmin;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.controller.identity.MutableClock;
import org.vdpacompute.controller.identity.PasswordHasher;
import org.vdpacompute.controller.identity.PasswordLogin;
import org.vdpacompute.controller.identity.Project;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.identity.RoleDefinition;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.identity.User;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.UnauthorizedException;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

class JdbcIdentityStoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00.123456Z"));

  private IdentityService identity(Database db) {
    IdentityService identity = new IdentityService(new JdbcIdentityStore(db), new PasswordHasher(4), clock, Duration.ofHours(1));
    identity.bootstrap("admin", "admin", "secret", Role.ADMIN);
    identity.bootstrap("demo", "demo", "demo-pw", Role.MEMBER);
    return identity;
  }

  private static PasswordLogin login(String user, String password, String project) {
    return new PasswordLogin(null, user, "Default", password, null, project, "Default");
  }

  @EachDatabase
  void aTokenIssuedIsValidatedFromTheDatabaseWithItsUserProjectAndRoles(TestDatabase db) {
    IdentityService identity = identity(db.open());
    Token issued = identity.authenticate(login("admin", "secret", "admin"));
    Token read = identity.validate(issued.id());
    assertThat(read.user().name()).isEqualTo("admin");
    assertThat(read.project().id()).isEqualTo(issued.project().id());
    assertThat(read.roles()).containsExactly(Role.ADMIN);
    assertThat(read.issuedAt()).isEqualTo(issued.issuedAt());
    assertThat(read.expiresAt()).isEqualTo(Instant.parse("2026-11-22T11:00:00.123456Z"));
    assertThat(read.auditId()).isEqualTo(issued.auditId());
  }

  @EachDatabase
  void bootstrapTwiceOnOneDatabaseChangesNothing(TestDatabase db) {
    Database database = db.open();
    identity(database);
    IdentityService again = identity(database);
    assertThat(again.authenticate(login("demo", "demo-pw", "demo")).roles()).containsExactly(Role.MEMBER);
  }

  @EachDatabase
  void expiredAndRevokedTokensAreRefusedAndPurged(TestDatabase db) {
    Database database = db.open();
    IdentityService identity = identity(database);
    Token a = identity.authenticate(login("demo", "demo-pw", "demo"));
    Token b = identity.authenticate(login("demo", "demo-pw", "demo"));
    identity.revoke(b.id());
    assertThatThrownBy(() -> identity.validate(b.id())).isInstanceOf(UnauthorizedException.class);
    clock.advance(Duration.ofHours(2));
    assertThatThrownBy(() -> identity.validate(a.id())).isInstanceOf(UnauthorizedException.class).hasMessageContaining("expired");
    assertThat(new JdbcIdentityStore(database).purgeExpired(clock.instant())).isEqualTo(1);
  }

  @EachDatabase
  void theDatabaseHoldsNoTokenSecretAndNoPassword(TestDatabase db) {
    Database database = db.open();
    Token t = identity(database).authenticate(login("demo", "demo-pw", "demo"));
    long secrets = database.inTransaction(h -> h.createQuery("SELECT COUNT(*) FROM tokens WHERE digest = :s")
        .bind("s", t.id()).mapTo(Long.class).one());
    String hash = database.inTransaction(h -> h.createQuery("SELECT password_hash FROM users WHERE name = 'demo'")
        .mapTo(String.class).one());
    assertThat(secrets).isZero();
    assertThat(hash).startsWith("$2").doesNotContain("demo-pw");
  }

  @EachDatabase
  void projectsUsersAndRolesOfOperatorsAreKeptAndGoWithTheirAssignmentsAndTokens(TestDatabase db) {
    Database database = db.open();
    IdentityService identity = identity(database);
    JdbcIdentityStore store = new JdbcIdentityStore(database);
    IdentityAdmin admin = new IdentityAdmin(store, new PasswordHasher(4), Set.of("admin"), Set.of("admin"));
    Project p = admin.createProject(new IdentityAdmin.ProjectRequest("team-a", null, "a team", false));
    User u = admin.createUser(new IdentityAdmin.UserRequest("alice", null, "alice-pw", true, p.id(), "a@example.org", "d"));
    RoleDefinition auditor = admin.createRole("auditor", "reads");
    admin.grant(p.id(), u.id(), auditor.id());
    admin.grant(p.id(), u.id(), Role.MEMBER.id());
    assertThat(store.project(p.id())).contains(p);
    assertThat(store.user(u.id()).orElseThrow()).isEqualTo(u);
    assertThat(store.customRoles()).containsExactly(auditor);
    assertThat(store.roles(u.id(), p.id())).containsExactly(Role.MEMBER);
    assertThatThrownBy(() -> store.createRole(new RoleDefinition("other", "auditor", null)))
        .isInstanceOf(ConflictException.class);
    assertThat(store.deleteRole(auditor.id())).isTrue();
    assertThat(store.assignments()).filteredOn(a -> a.userId().equals(u.id()))
        .containsExactly(new Assignment(u.id(), p.id(), "member"));
    store.createProject(new Project("p2", "team-b", "default", true));
    admin.grant("p2", u.id(), Role.MEMBER.id());
    Token t = identity.authenticate(login("alice", "alice-pw", "team-b"));
    assertThat(store.deleteProject("p2")).isTrue();
    assertThatThrownBy(() -> identity.validate(t.id())).isInstanceOf(UnauthorizedException.class);
    assertThat(store.deleteUser(u.id())).isTrue();
    assertThat(store.assignments()).noneMatch(a -> a.userId().equals(u.id()));
    assertThat(store.deleteUser(u.id())).isFalse();
  }
}

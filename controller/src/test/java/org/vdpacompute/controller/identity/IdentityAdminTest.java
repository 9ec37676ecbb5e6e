package org.vdpacompute.controller.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.UnauthorizedException;

class IdentityAdminTest {
  private final InMemoryIdentityStore store = new InMemoryIdentityStore();
  private final PasswordHasher hasher = new PasswordHasher(4);
  private final IdentityService identity = new IdentityService(store, hasher,
      new MutableClock(Instant.parse("2026-11-22T10:00:00Z")), Duration.ofHours(1));
  private final IdentityAdmin admin = new IdentityAdmin(store, hasher, Set.of("admin", "service"), Set.of("admin", "agent"));

  @BeforeEach
  void bootstrap() {
    identity.bootstrap("admin", "admin", "secret", Role.ADMIN);
    identity.bootstrap("service", "agent", "agent-pw", Role.SERVICE);
  }

  private static PasswordLogin login(String user, String password, String project) {
    return new PasswordLogin(null, user, "Default", password, null, project, "Default");
  }

  private String roleId(String name) {
    return admin.roles(name).get(0).id();
  }

  @Test
  void aNewProjectsMemberLogsInToItAndLosesItWithTheProject() {
    Project p = admin.createProject(new IdentityAdmin.ProjectRequest("team-a", null, "a team", null));
    User u = admin.createUser(new IdentityAdmin.UserRequest("alice", "default", "alice-pw", null, p.id(), null, null));
    admin.grant(p.id(), u.id(), roleId("member"));
    admin.grant(p.id(), u.id(), roleId("member"));
    assertThat(identity.authenticate(login("alice", "alice-pw", "team-a")).roles()).containsExactly(Role.MEMBER);
    assertThat(admin.projectsOf(u.id())).extracting(Project::name).containsExactly("team-a");
    admin.deleteProject(p.id());
    assertThat(admin.assignments(u.id(), null, null)).isEmpty();
    assertThatThrownBy(() -> identity.authenticate(login("alice", "alice-pw", "team-a")))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> admin.project(p.id())).isInstanceOf(NotFoundException.class)
        .hasMessage("Could not find project: " + p.id() + ".");
  }

  @Test
  void namesAreUniqueAndTheCloudsOwnProjectsUsersAndRolesStay() {
    admin.createProject(new IdentityAdmin.ProjectRequest("team-a", null, null, null));
    assertThatThrownBy(() -> admin.createProject(new IdentityAdmin.ProjectRequest("team-a", null, null, null)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("Duplicate entry found with name team-a");
    assertThatThrownBy(() -> admin.createRole("Member", null)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> admin.deleteProject(store.projectByName("default", "service").orElseThrow().id()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("cannot be deleted");
    assertThatThrownBy(() -> admin.deleteUser(store.userByName("default", "agent").orElseThrow().id()))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> admin.deleteRole(roleId("admin"))).isInstanceOf(ConflictException.class);
    assertThat(identity.authenticate(login("agent", "agent-pw", "service")).roles()).containsExactly(Role.SERVICE);
  }

  @Test
  void aRoleOfTheOperatorsOwnIsAssignedButGrantsNothing() {
    Project p = admin.createProject(new IdentityAdmin.ProjectRequest("team-a", null, null, null));
    User u = admin.createUser(new IdentityAdmin.UserRequest("bob", null, "bob-pw", null, null, null, null));
    RoleDefinition auditor = admin.createRole("auditor", "reads the books");
    admin.grant(p.id(), u.id(), auditor.id());
    admin.checkGrant(p.id(), u.id(), auditor.id());
    assertThat(admin.assignments(null, p.id(), auditor.id())).containsExactly(new Assignment(u.id(), p.id(), "auditor"));
    assertThatThrownBy(() -> identity.authenticate(login("bob", "bob-pw", "team-a")))
        .isInstanceOf(UnauthorizedException.class).hasMessageContaining("no role on project team-a");
    admin.deleteRole(auditor.id());
    assertThat(admin.assignments(u.id(), null, null)).isEmpty();
    assertThatThrownBy(() -> admin.revoke(p.id(), u.id(), roleId("member"))).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Could not find role assignment with role: member");
  }

  @Test
  void aUserWithoutPasswordCannotLogInAndOneTooLongForBcryptIsRefused() {
    Project p = admin.createProject(new IdentityAdmin.ProjectRequest("team-a", null, null, null));
    User u = admin.createUser(new IdentityAdmin.UserRequest("carol", null, null, null, null, null, null));
    admin.grant(p.id(), u.id(), roleId("member"));
    assertThatThrownBy(() -> identity.authenticate(login("carol", "anything", "team-a")))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> admin.createUser(new IdentityAdmin.UserRequest("dave", null, "x".repeat(73), null, null, null,
        null))).isInstanceOf(InvalidValueException.class).hasMessageContaining("72 bytes");
    assertThatThrownBy(() -> admin.createUser(new IdentityAdmin.UserRequest("erin", "elsewhere", "pw", null, null, null,
        null))).isInstanceOf(InvalidValueException.class).hasMessageContaining("one domain");
    assertThatThrownBy(() -> admin.createProject(new IdentityAdmin.ProjectRequest("p".repeat(65), null, null, null)))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("at most 64");
  }
}

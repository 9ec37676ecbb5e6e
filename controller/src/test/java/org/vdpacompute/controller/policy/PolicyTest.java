package org.vdpacompute.controller.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vdpacompute.controller.identity.Project;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.identity.User;
import org.vdpacompute.core.ForbiddenException;

class PolicyTest {
  private static Token token(String project, Role... roles) {
    return new Token("t", new User("u", "u", "default", true, null), new Project(project, project, "default", true),
        Set.of(roles), Instant.EPOCH, Instant.MAX, "a");
  }

  private static final Token ADMIN = token("admin", Role.ADMIN);
  private static final Token MEMBER = token("demo", Role.MEMBER);
  private static final Token READER = token("demo", Role.READER);
  private static final Token AGENT = token("service", Role.SERVICE);

  @Test
  void adminOnlyActionsAreRefusedToMembersWithNovasMessage() {
    for (Action a : new Action[] {Action.SERVER_MIGRATE, Action.SERVER_LIVE_MIGRATE, Action.SERVER_EVACUATE,
        Action.SERVICES, Action.HYPERVISORS, Action.PCI_DEVICES, Action.FLAVOR_MANAGE, Action.NETWORK_PROVIDER,
        Action.IMAGE_PUBLICIZE}) {
      assertThat(Policy.allows(ADMIN, a, null)).as(a.name()).isTrue();
      assertThat(Policy.allows(MEMBER, a, "demo")).as(a.name()).isFalse();
    }
    assertThatThrownBy(() -> Policy.authorize(MEMBER, Action.SERVICES, null))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("Policy doesn't allow os_compute_api:os-services:list to be performed.");
  }

  @Test
  void membersActOnTheirOwnProjectOnly() {
    assertThat(Policy.allows(MEMBER, Action.SERVER_CREATE, "demo")).isTrue();
    assertThat(Policy.allows(MEMBER, Action.SERVER_DELETE, "other")).isFalse();
    assertThat(Policy.allows(ADMIN, Action.SERVER_DELETE, "other")).isTrue();
  }

  @Test
  void readersReadButDoNotChange() {
    assertThat(Policy.allows(READER, Action.SERVER_SHOW, "demo")).isTrue();
    assertThat(Policy.allows(READER, Action.SERVER_CREATE, "demo")).isFalse();
    assertThat(Policy.allows(READER, Action.SERVER_SHOW, "other")).isFalse();
  }

  @Test
  void onlyAgentsAndAdminsUseTheAgentApi() {
    assertThat(Policy.allows(AGENT, Action.AGENT, null)).isTrue();
    assertThat(Policy.allows(MEMBER, Action.AGENT, null)).isFalse();
    assertThat(Policy.allows(AGENT, Action.SERVER_CREATE, "demo")).isFalse();
  }

  @Test
  void noActionMeansNo() {
    assertThat(Policy.allows(ADMIN, null, null)).isFalse();
  }
}

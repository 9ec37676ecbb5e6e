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
      assertThat(Policy.allows(ADMIN, a, Target.ANY)).as(a.name()).isTrue();
      assertThat(Policy.allows(MEMBER, a, "demo")).as(a.name()).isFalse();
    }
    assertThatThrownBy(() -> Policy.authorize(MEMBER, Action.SERVICES, Target.ANY))
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
    assertThat(Policy.allows(AGENT, Action.AGENT, Target.ANY)).isTrue();
    assertThat(Policy.allows(MEMBER, Action.AGENT, Target.ANY)).isFalse();
    assertThat(Policy.allows(AGENT, Action.SERVER_CREATE, "demo")).isFalse();
  }

  @Test
  void noActionMeansNo() {
    assertThat(Policy.allows(ADMIN, null, Target.ANY)).isFalse();
  }

  @Test
  void onlyServicesAndAdminsWriteABindingProfileAsInNeutron() {
    assertThat(Policy.allows(ADMIN, Action.PORT_BINDING_PROFILE, "demo")).isTrue();
    assertThat(Policy.allows(AGENT, Action.PORT_BINDING_PROFILE_UPDATE, "demo")).isTrue();
    assertThat(Policy.allows(MEMBER, Action.PORT_BINDING_PROFILE, "demo")).isFalse();
    assertThatThrownBy(() -> Policy.authorize(MEMBER, Action.PORT_BINDING_PROFILE, "demo"))
        .isInstanceOf(PolicyNotAuthorizedException.class)
        .hasMessage("(rule:create_port and rule:create_port:binding:profile) is disallowed by policy");
  }

  @Test
  void aTokensSubjectIsItsOwnersAServicesOrAnAdmins() {
    Target mine = Target.user(MEMBER.user().id());
    Target someoneElses = Target.user("someone-else");
    assertThat(Policy.allows(MEMBER, Action.TOKEN_VALIDATE, mine)).isTrue();
    assertThat(Policy.allows(MEMBER, Action.TOKEN_REVOKE, someoneElses)).isFalse();
    assertThat(Policy.allows(READER, Action.TOKEN_CHECK, someoneElses)).isFalse();
    assertThat(Policy.allows(AGENT, Action.TOKEN_VALIDATE, someoneElses)).isTrue();
    assertThat(Policy.allows(ADMIN, Action.TOKEN_REVOKE, someoneElses)).isTrue();
    assertThatThrownBy(() -> Policy.authorize(MEMBER, Action.TOKEN_VALIDATE, someoneElses))
        .hasMessage("You are not authorized to perform the requested action: identity:validate_token.");
  }

  @Test
  void eachServiceWordsItsRefusalItsOwnWay() {
    assertThatThrownBy(() -> Policy.authorize(READER, Action.IMAGE_DELETE, "demo"))
        .hasMessage("You are not authorized to complete delete_image action.");
    assertThatThrownBy(() -> Policy.authorize(READER, Action.NETWORK_DELETE, "demo"))
        .hasMessage("rule:delete_network is disallowed by policy");
  }
}

package org.vdpacompute.controller.policy;

import java.util.Objects;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.identity.Token;

/** Who may perform an action, as Nova's, Neutron's and Keystone's default policies say. */
public enum Rule {
  /** Only the cloud's administrators. */
  ADMIN {
    @Override
    boolean allows(Token token, Target target) {
      return token.isAdmin();
    }
  },
  /** Administrators, and members of the target's project (readers may not change anything). */
  PROJECT_MEMBER {
    @Override
    boolean allows(Token token, Target target) {
      return token.isAdmin() || (sameProject(token, target) && token.has(Role.MEMBER));
    }
  },
  /** Administrators, and anyone with a role in the target's project. */
  PROJECT_READER {
    @Override
    boolean allows(Token token, Target target) {
      return token.isAdmin() || (sameProject(token, target)
          && (token.has(Role.MEMBER) || token.has(Role.READER)));
    }
  },
  /** Any authenticated user (e.g. listing flavors or images). */
  ANY_USER {
    @Override
    boolean allows(Token token, Target target) {
      return true;
    }
  },
  /**
   * Services (the service role: compute agents, and the controller itself) and administrators, as
   * Neutron's {@code service_api} or {@code admin_only} for port binding details.
   */
  SERVICE {
    @Override
    boolean allows(Token token, Target target) {
      return token.has(Role.SERVICE) || token.isAdmin();
    }
  },
  /**
   * Administrators, services, and the user the target belongs to: Keystone's
   * {@code service_admin_or_token_subject}, which guards validating and revoking a token.
   */
  SERVICE_ADMIN_OR_SUBJECT {
    @Override
    boolean allows(Token token, Target target) {
      return SERVICE.allows(token, target) || target.userId() == null
          || target.userId().equals(token.user().id());
    }
  };

  abstract boolean allows(Token token, Target target);

  private static boolean sameProject(Token token, Target target) {
    return target.projectId() == null || Objects.equals(token.project().id(), target.projectId());
  }
}

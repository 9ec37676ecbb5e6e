package org.vdpacompute.controller.policy;

import java.util.Objects;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.identity.Token;

/** Who may perform an action, as Nova's and Neutron's default policies say. */
public enum Rule {
  /** Only the cloud's administrators. */
  ADMIN {
    @Override
    boolean allows(Token token, String targetProject) {
      return token.isAdmin();
    }
  },
  /** Administrators, and members of the target's project (readers may not change anything). */
  PROJECT_MEMBER {
    @Override
    boolean allows(Token token, String targetProject) {
      return token.isAdmin() || (sameProject(token, targetProject) && token.has(Role.MEMBER));
    }
  },
  /** Administrators, and anyone with a role in the target's project. */
  PROJECT_READER {
    @Override
    boolean allows(Token token, String targetProject) {
      return token.isAdmin() || (sameProject(token, targetProject)
          && (token.has(Role.MEMBER) || token.has(Role.READER)));
    }
  },
  /** Any authenticated user (e.g. listing flavors or images). */
  ANY_USER {
    @Override
    boolean allows(Token token, String targetProject) {
      return true;
    }
  },
  /** Compute agents (the service role) and administrators. */
  SERVICE {
    @Override
    boolean allows(Token token, String targetProject) {
      return token.has(Role.SERVICE) || token.isAdmin();
    }
  };

  abstract boolean allows(Token token, String targetProject);

  private static boolean sameProject(Token token, String targetProject) {
    return targetProject == null || Objects.equals(token.project().id(), targetProject);
  }
}

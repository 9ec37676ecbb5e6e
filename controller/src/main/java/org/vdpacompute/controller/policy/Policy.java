package org.vdpacompute.controller.policy;

import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.core.ForbiddenException;

/**
 * The one place that decides who may call what. Every action is named in {@link Action} with its
 * rule; an action not named there cannot be performed, so the default is to deny.
 */
public final class Policy {
  private Policy() {}

  /**
   * Refuses unless the token may perform the action on a target of {@code targetProject} (null
   * when the target has no project, or for listing the caller's own).
   */
  public static void authorize(Token token, Action action, String targetProject) {
    if (!allows(token, action, targetProject)) {
      throw new ForbiddenException("Policy doesn't allow " + action.policyName() + " to be performed.");
    }
  }

  public static boolean allows(Token token, Action action, String targetProject) {
    return action != null && action.rule().allows(token, targetProject);
  }
}

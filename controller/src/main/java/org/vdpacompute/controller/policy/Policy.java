package org.vdpacompute.controller.policy;

import org.vdpacompute.controller.identity.Token;

/**
 * The one place that decides who may call what. Every action is named in {@link Action} with its
 * rule; an action not named there cannot be performed, so the default is to deny.
 */
public final class Policy {
  private Policy() {}

  /**
   * Refuses unless the token may perform the action on a target of {@code targetProject} (null
   * when the target has no project, or for listing the caller's own).
   *
   * @throws PolicyNotAuthorizedException worded as the action's service words it
   */
  public static void authorize(Token token, Action action, String targetProject) {
    authorize(token, action, Target.project(targetProject));
  }

  /** Refuses unless the token may perform the action on the target. */
  public static void authorize(Token token, Action action, Target target) {
    if (!allows(token, action, target)) {
      throw new PolicyNotAuthorizedException(action);
    }
  }

  public static boolean allows(Token token, Action action, String targetProject) {
    return allows(token, action, Target.project(targetProject));
  }

  public static boolean allows(Token token, Action action, Target target) {
    return action != null && token != null && action.rule().allows(token, target);
  }
}

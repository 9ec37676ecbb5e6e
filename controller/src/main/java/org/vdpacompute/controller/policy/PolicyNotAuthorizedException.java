package org.vdpacompute.controller.policy;

import org.vdpacompute.core.ForbiddenException;

/**
 * A caller's roles do not allow the action: 403, named as Neutron names it ({@code PolicyNotAuthorized}),
 * with the message of the service whose policy refused.
 */
public final class PolicyNotAuthorizedException extends ForbiddenException {
  private final Action action;

  PolicyNotAuthorizedException(Action action) {
    super(action.family().refusal(action.policyName()));
    this.action = action;
  }

  /** The action refused. */
  public Action action() {
    return action;
  }
}

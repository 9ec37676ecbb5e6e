package org.vdpacompute.api.http;

import io.javalin.security.RouteRole;
import java.util.Objects;
import java.util.Set;
import org.vdpacompute.controller.policy.Action;

/**
 * Who may call a route: declared with the route where a service adds it
 * ({@code app.get(path, handler, Access.to(Action.SERVER_LIST))}) and checked by the listener
 * before the handler runs. A route that declares none is refused to everyone, so that a route
 * added without a policy rule cannot serve anybody (and the authorization tests, which walk every
 * route, fail until it has one).
 *
 * <p>The check made here knows the route, not the resource: it is the policy rule for the caller's
 * own project ({@link org.vdpacompute.controller.policy.Target#ANY}). A handler that acts on a
 * resource of some project checks again once it has read it.
 */
public sealed interface Access extends RouteRole {
  /** No token: version documents, logging in, {@code /metrics}. */
  Access PUBLIC = new Open();

  /** A valid token whose roles the action's rule allows. */
  static Access to(Action action) {
    return new Guarded(action);
  }

  /** The access a matched route declared; null when it declared none. */
  static Access of(Set<RouteRole> roles) {
    for (RouteRole role : roles) {
      if (role instanceof Access access) return access;
    }
    return null;
  }

  /** Open to anyone. */
  record Open() implements Access {}

  /** Guarded by an action's policy rule. */
  record Guarded(Action action) implements Access {
    public Guarded {
      Objects.requireNonNull(action, "action");
    }
  }
}

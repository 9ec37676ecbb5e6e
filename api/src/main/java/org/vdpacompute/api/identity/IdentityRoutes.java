package org.vdpacompute.api.identity;

import io.javalin.Javalin;

/** One resource of the identity API (projects, users, roles...), adding its routes. */
@FunctionalInterface
public interface IdentityRoutes {
  void addRoutes(Javalin app);
}

package org.vdpacompute.api.http;

import io.javalin.Javalin;

/** One resource of a service (servers, projects, quotas...), adding its routes to the listener. */
@FunctionalInterface
public interface Routes {
  void addRoutes(Javalin app);
}

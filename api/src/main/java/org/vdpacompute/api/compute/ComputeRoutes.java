package org.vdpacompute.api.compute;

import io.javalin.Javalin;

/** One resource of the compute API (servers, flavors, services...), adding its routes. */
@FunctionalInterface
public interface ComputeRoutes {
  void addRoutes(Javalin app);
}

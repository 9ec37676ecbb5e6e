package org.vdpacompute.api.compute;

import org.vdpacompute.api.http.Routes;

/** One resource of the compute API (servers, flavors, services...), adding its routes. */
@FunctionalInterface
public interface ComputeRoutes extends Routes {}

package org.vdpacompute.agent;

import io.javalin.Javalin;

/** Routes a host's driver adds to its agent's listener, beside the agent API every host serves. */
@FunctionalInterface
interface HostRoutes {
  /** A host with none: every real hypervisor. */
  HostRoutes NONE = app -> { };

  void addTo(Javalin app);
}

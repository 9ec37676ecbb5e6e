package org.vdpacompute.api.compute;

import io.javalin.Javalin;
import java.util.List;
import java.util.Map;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.core.NotFoundException;

/**
 * {@code os-aggregates}, read only: this cloud groups hosts in no aggregate (every host is in the
 * zone {@code nova}), so the list is empty and any aggregate is missing. Clients read the list to
 * show a hypervisor's aggregates; making aggregates is a call this cloud does not serve (501).
 */
public final class AggregatesResource implements ComputeRoutes {
  private static final String BASE = ComputeApi.V21 + "/os-aggregates";

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> ctx.json(Map.of("aggregates", List.of())), Access.to(Action.AGGREGATES_LIST));
    app.get(BASE + "/{id}", ctx -> {
      throw new NotFoundException("Aggregate " + JsonBodies.shown(ctx.pathParam("id")) + " could not be found.");
    }, Access.to(Action.AGGREGATES_SHOW));
  }
}

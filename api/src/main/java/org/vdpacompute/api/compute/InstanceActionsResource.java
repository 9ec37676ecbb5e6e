package org.vdpacompute.api.compute;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.workflows.InstanceActions;
import org.vdpacompute.controller.workflows.Servers;
import org.vdpacompute.core.NotFoundException;

/**
 * {@code /servers/{id}/os-instance-actions}: what was asked of a server and how each step went;
 * the failure details of a step ({@code traceback}) to administrators only.
 */
public final class InstanceActionsResource implements ComputeRoutes {
  private static final String BASE = ComputeApi.V21 + "/servers/{id}/os-instance-actions";

  private final Servers servers;
  private final InstanceActions actions;

  public InstanceActionsResource(Servers servers, InstanceActions actions) {
    this.servers = servers;
    this.actions = actions;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> {
      String uuid = visible(ctx);
      ctx.json(Map.of("instanceActions", actions.of(uuid).stream().map(a -> render(a)).toList()));
    }, Access.to(Action.INSTANCE_ACTIONS));
    app.get(BASE + "/{request}", ctx -> {
      String uuid = visible(ctx);
      InstanceAction a = actions.of(uuid, ctx.pathParam("request")).orElseThrow(() -> new NotFoundException("Action for request_id " + ctx.pathParam("request")
              + " on instance " + uuid + " not found"));
      Map<String, Object> m = render(a);
      boolean admin = ApiServer.token(ctx).isAdmin();
      m.put("events", a.events().stream().map(e -> {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("event", e.event());
        ev.put("start_time", ServerViews.time(e.startTime()));
        ev.put("finish_time", e.finishTime() == null ? null : ServerViews.time(e.finishTime()));
        ev.put("result", e.result());
        if (admin) {
          ev.put("traceback", e.traceback());
          ev.put("host", e.host());
        }
        return ev;
      }).toList());
      ctx.json(Map.of("instanceAction", m));
    }, Access.to(Action.INSTANCE_ACTIONS));
  }

  /** The server whose actions are asked for, if the caller may see it. */
  private String visible(Context ctx) {
    Token token = ApiServer.token(ctx);
    return servers.server(ctx.pathParam("id"), token.project().id(), token.isAdmin()).uuid();
  }

  private static Map<String, Object> render(InstanceAction a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", a.action());
    m.put("instance_uuid", a.instanceUuid());
    m.put("request_id", a.requestId());
    m.put("user_id", a.userId());
    m.put("project_id", a.projectId());
    m.put("start_time", ServerViews.time(a.startTime()));
    m.put("updated_at", ServerViews.time(a.updatedAt()));
    m.put("message", a.message());
    return m;
  }
}

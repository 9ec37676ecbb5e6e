package org.vdpacompute.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.workflows.ServerRequest;
import org.vdpacompute.controller.workflows.Servers;
import org.vdpacompute.scheduler.Explanation;
import org.vdpacompute.scheduler.HostVerdict;
import org.vdpacompute.scheduler.ScheduleRequest;

/**
 * {@code POST /os-scheduling-explain}, admin only: an extension of ours that takes a server create's
 * body and says, for every host, whether such a server fits and, if not, which filter refused it and
 * why in the host's terms. Nothing is created or claimed; the body is read and checked as a create's.
 */
public final class SchedulingExplainResource implements ComputeRoutes {
  private final Servers servers;
  private final Function<ScheduleRequest, Explanation> explainer;

  public SchedulingExplainResource(Servers servers, Function<ScheduleRequest, Explanation> explainer) {
    this.servers = servers;
    this.explainer = explainer;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.post(ComputeApi.V21 + "/os-scheduling-explain", this::explain, Access.to(Action.SCHEDULING_EXPLAIN));
  }

  private void explain(Context ctx) {
    Token token = ApiServer.token(ctx);
    JsonNode body = ServerCreateBody.read(ctx);
    ServerCreateBody.Networks nets = ServerCreateBody.networks(ctx, body);
    ScheduleRequest request = servers.scheduleRequest(new ServerRequest(null, token.project().id(), token.user().id(),
        token.isAdmin(), ServerCreateBody.flavorRef(body), null, nets.nics(), nets.auto(), Map.of()));
    ctx.json(Map.of("scheduling_explanation", render(explainer.apply(request))));
  }

  static Map<String, Object> render(Explanation e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fits", e.fitting() > 0);
    m.put("candidate_hosts", e.candidates());
    m.put("fitting_hosts", e.fitting());
    m.put("message", e.message());
    m.put("hosts", e.hosts().stream().map(SchedulingExplainResource::render).toList());
    return m;
  }

  private static Map<String, Object> render(HostVerdict v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", v.host());
    m.put("candidate", v.candidate());
    m.put("fits", v.fits());
    m.put("filter", v.fits() ? null : v.refusal().filter());
    m.put("reason", v.fits() ? null : v.refusal().reason());
    m.put("summary", v.fits() ? null : v.refusal().summary());
    return m;
  }
}

package org.vdpacompute.api.agent;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import org.vdpacompute.agent.protocol.AgentJson;
import org.vdpacompute.agent.protocol.AgentPaths;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.ErrorShape;
import org.vdpacompute.api.http.ServiceApi;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.core.InvalidValueException;

/**
 * What compute agents call, with the service user's token: register a host with its report (again
 * whenever the report changes), and heartbeat. Not in the catalog: agents are configured with the
 * controller's URL.
 */
public final class AgentApi implements ServiceApi {
  public static final String ROOT = AgentPaths.CONTROLLER_ROOT;

  private final ComputeServices services;
  private final HostRegistrationListener listener;

  /** Told of every registration, e.g. to take in the host's devices. */
  @FunctionalInterface
  public interface HostRegistrationListener {
    void registered(HostReport report);
  }

  public AgentApi(ComputeServices services, HostRegistrationListener listener) {
    this.services = services;
    this.listener = listener;
  }

  @Override
  public String prefix() {
    return ROOT;
  }

  @Override
  public ErrorShape errorShape() {
    return ErrorShape.COMPUTE;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.put(AgentPaths.HOST_PATTERN, this::register);
    app.post(AgentPaths.HEARTBEAT_PATTERN, ctx -> {
      Policy.authorize(ApiServer.token(ctx), Action.AGENT, null);
      services.heartbeat(ctx.pathParam("host"));
      ctx.status(204);
    });
  }

  private void register(Context ctx) throws Exception {
    Policy.authorize(ApiServer.token(ctx), Action.AGENT, null);
    HostReport report = AgentJson.mapper().readValue(ctx.body(), HostReport.class);
    if (!ctx.pathParam("host").equals(report.host())) {
      throw new InvalidValueException("the report is for host " + report.host() + ", not " + ctx.pathParam("host"));
    }
    ComputeService service = services.register(report);
    listener.registered(report);
    ctx.json(Map.of("service_id", service.id()));
  }
}

package org.vdpacompute.api.agent;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import org.vdpacompute.agent.protocol.AgentJson;
import org.vdpacompute.agent.protocol.AgentPaths;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ErrorShape;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.api.http.ServiceApi;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.core.net.HostNames;

/**
 * What compute agents call, with the service user's token: register a host with its report (again
 * whenever the report changes), and heartbeat. Not in the catalog: agents are configured with the
 * controller's URL.
 */
public final class AgentApi implements ServiceApi {
  public static final String ROOT = AgentPaths.CONTROLLER_ROOT;
  /** A host's report lists every device it has; far more than an OpenStack request body. */
  static final long MAX_REPORT_BYTES = 8L * 1024 * 1024;

  private final ComputeServices services;
  private final HostRegistrar registrar;

  /** Takes in a host's report, checked whole: its devices and its service. */
  @FunctionalInterface
  public interface HostRegistrar {
    ComputeService register(HostReport report);
  }

  public AgentApi(ComputeServices services, HostRegistrar registrar) {
    this.services = services;
    this.registrar = registrar;
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
  public long maxBodyBytes() {
    return MAX_REPORT_BYTES;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.put(AgentPaths.HOST_PATTERN, this::register, Access.to(Action.AGENT));
    app.post(AgentPaths.HEARTBEAT_PATTERN, ctx -> {
      services.heartbeat(HostNames.check(ctx.pathParam("host")));
      ctx.status(204);
    }, Access.to(Action.AGENT));
  }

  private void register(Context ctx) {
    // The protocol's JSON: devices by their PCI address text, typed values refused when they are not one.
    HostReport read = JsonBodies.read(ctx, AgentJson.mapper(), HostReport.class, "a host report");
    HostReport report = HostReportCheck.check(read, ctx.pathParam("host"));
    ComputeService service = registrar.register(report);
    ctx.json(Map.of("service_id", service.id()));
  }
}

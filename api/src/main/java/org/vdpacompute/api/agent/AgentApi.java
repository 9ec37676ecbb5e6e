package org.vdpacompute.api.agent;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ErrorShape;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.api.http.ServiceApi;
import org.vdpacompute.controller.compute.ComputeService;
import org.vdpacompute.controller.compute.ComputeServices;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.core.host.HostNames;
import org.vdpacompute.core.host.HostReport;

/**
 * What compute agents call, with the service user's token: register a host with its report (again
 * whenever the report changes), and heartbeat. Not in the catalog: agents are configured with the
 * controller's URL.
 */
public final class AgentApi implements ServiceApi {
  public static final String ROOT = "/agent/v1";
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
    app.put(ROOT + "/hosts/{host}", this::register, Access.to(Action.AGENT));
    app.post(ROOT + "/hosts/{host}/heartbeat", ctx -> {
      services.heartbeat(HostNames.check(ctx.pathParam("host")));
      ctx.status(204);
    }, Access.to(Action.AGENT));
  }

  private void register(Context ctx) {
    HostReport report = HostReportCheck.check(JsonBodies.read(ctx, HostReport.class, "a host report"), ctx.pathParam("host"));
    ComputeService service = registrar.register(report);
    ctx.json(Map.of("service_id", service.id()));
  }
}

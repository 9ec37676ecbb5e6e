package org.vdpacompute.api.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.api.http.Routes;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.controller.quota.QuotaResource;
import org.vdpacompute.controller.quota.Quotas;
import org.vdpacompute.core.InvalidValueException;

/**
 * {@code /v2.0/quotas/{project_id}}: a project's networking quotas, as Neutron's quotas extension
 * (with its {@code default} and {@code details}): read by the project and administrators, set and
 * reset by administrators.
 */
public final class NetworkQuotasResource implements Routes {
  private static final String BASE = NetworkApi.V2 + "/quotas/{id}";
  /** What a client may send beside the limits: Neutron's flags, and the project the SDK names. */
  private static final Set<String> FLAGS = Set.of("check_limit", "force", "project_id", "tenant_id");

  private final Quotas quotas;
  private final Predicate<String> projectExists;

  /** @param projectExists whether a project of this id exists */
  public NetworkQuotasResource(Quotas quotas, Predicate<String> projectExists) {
    this.quotas = quotas;
    this.projectExists = projectExists;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> ctx.json(Map.of("quota", shown(quotas.limits(project(ctx, Action.NETWORK_QUOTA_SHOW),
        QuotaResource.Service.NETWORK)))), Access.to(Action.NETWORK_QUOTA_SHOW));
    app.get(BASE + "/default", ctx -> {
      project(ctx, Action.NETWORK_QUOTA_SHOW);
      ctx.json(Map.of("quota", shown(Quotas.defaults(QuotaResource.Service.NETWORK))));
    }, Access.to(Action.NETWORK_QUOTA_SHOW));
    app.get(BASE + "/details", ctx -> ctx.json(Map.of("quota", details(project(ctx, Action.NETWORK_QUOTA_SHOW)))),
        Access.to(Action.NETWORK_QUOTA_SHOW));
    app.put(BASE, this::update, Access.to(Action.NETWORK_QUOTA_UPDATE));
    app.delete(BASE, ctx -> {
      quotas.reset(project(ctx, Action.NETWORK_QUOTA_DELETE), QuotaResource.Service.NETWORK);
      ctx.status(204);
    }, Access.to(Action.NETWORK_QUOTA_DELETE));
  }

  private String project(Context ctx, Action action) {
    String id = ctx.pathParam("id");
    Policy.authorize(ApiServer.token(ctx), action, id);
    if (!projectExists.test(id)) throw new InvalidValueException("Project " + id + " does not exist.");
    return id;
  }

  private static Map<String, Object> shown(Map<QuotaResource, Integer> limits) {
    Map<String, Object> m = new LinkedHashMap<>();
    limits.forEach((r, limit) -> m.put(r.apiName(), limit));
    return m;
  }

  private Map<String, Object> details(String projectId) {
    Map<QuotaResource, Long> used = quotas.usage(projectId, QuotaResource.Service.NETWORK);
    Map<String, Object> m = new LinkedHashMap<>();
    quotas.limits(projectId, QuotaResource.Service.NETWORK).forEach((r, limit) -> {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("limit", limit);
      d.put("used", used.get(r));
      d.put("reserved", 0);
      m.put(r.apiName(), d);
    });
    return m;
  }

  /** Neutron's update: limits of -1 or more; below what is used is refused only when {@code check_limit} asks. */
  private void update(Context ctx) {
    String projectId = project(ctx, Action.NETWORK_QUOTA_UPDATE);
    JsonNode body = JsonBodies.resource(ctx, "quota");
    boolean checkLimit = Boolean.TRUE.equals(JsonBodies.bool(body, "check_limit"));
    JsonBodies.bool(body, "force");
    Map<QuotaResource, Integer> limits = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (FLAGS.contains(name)) {
        if ((name.equals("project_id") || name.equals("tenant_id")) && !projectId.equals(JsonBodies.text(body, name))) {
          throw new InvalidValueException("'" + name + "' must be the project of the URL, " + projectId);
        }
        continue;
      }
      QuotaResource r = QuotaResource.named(QuotaResource.Service.NETWORK, name).orElseThrow(() -> new InvalidValueException(
          "Unrecognized attribute(s) '" + JsonBodies.shown(name) + "'"));
      limits.put(r, limit(name, e.getValue()));
    }
    quotas.set(projectId, limits, checkLimit);
    ctx.json(Map.of("quota", shown(quotas.limits(projectId, QuotaResource.Service.NETWORK))));
  }

  private static int limit(String name, JsonNode value) {
    Integer limit = JsonBodies.quotaLimit(value);
    if (limit != null) return limit;
    throw new InvalidValueException("Invalid input for " + name + ". Reason: '" + JsonBodies.shown(value)
        + "' is not an integer of -1 (no limit) or more.");
  }
}

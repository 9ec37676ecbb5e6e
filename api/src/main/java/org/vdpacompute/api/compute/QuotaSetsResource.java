package org.vdpacompute.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.controller.quota.QuotaResource;
import org.vdpacompute.controller.quota.Quotas;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotSupportedException;

/**
 * {@code os-quota-sets}: a project's compute quotas as Nova shows them at the requested
 * microversion, read by the project's readers and administrators, set and reset by administrators.
 * Per-user quotas ({@code user_id}) are not kept here.
 */
public final class QuotaSetsResource implements ComputeRoutes {
  private static final String BASE = ComputeApi.V21 + "/os-quota-sets/{id}";
  /** What Nova shows before 2.36 of the quotas nova-network had: no limit (Nova's own since Neutron). */
  private static final List<String> BEFORE_2_36 = List.of("fixed_ips", "floating_ips", "security_group_rules",
      "security_groups");
  /** What 2.57 dropped, with file injection. */
  private static final Set<QuotaResource> BEFORE_2_57 = Set.of(QuotaResource.INJECTED_FILES,
      QuotaResource.INJECTED_FILE_CONTENT_BYTES, QuotaResource.INJECTED_FILE_PATH_BYTES);

  private final Quotas quotas;
  private final Predicate<String> projectExists;

  /** @param projectExists whether a project of this id exists, as Nova asks Keystone */
  public QuotaSetsResource(Quotas quotas, Predicate<String> projectExists) {
    this.quotas = quotas;
    this.projectExists = projectExists;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> ctx.json(Map.of("quota_set", withId(ctx, limits(ctx, project(ctx, Action.QUOTA_SHOW))))),
        Access.to(Action.QUOTA_SHOW));
    app.get(BASE + "/detail", ctx -> ctx.json(Map.of("quota_set", withId(ctx, detail(ctx, project(ctx, Action.QUOTA_SHOW))))),
        Access.to(Action.QUOTA_SHOW));
    app.get(BASE + "/defaults", ctx -> ctx.json(Map.of("quota_set", withId(ctx,
        shown(ctx, Quotas.defaults(QuotaResource.Service.COMPUTE))))), Access.to(Action.QUOTA_DEFAULTS));
    app.put(BASE, this::update, Access.to(Action.QUOTA_UPDATE));
    app.delete(BASE, ctx -> {
      quotas.reset(project(ctx, Action.QUOTA_DELETE), QuotaResource.Service.COMPUTE);
      ctx.status(202);
    }, Access.to(Action.QUOTA_DELETE));
  }

  /** The project named, once the caller may act on it and it is known to exist. */
  private String project(Context ctx, Action action) {
    String id = ctx.pathParam("id");
    Policy.authorize(ApiServer.token(ctx), action, id);
    if (ctx.queryParam("user_id") != null) {
      throw new NotSupportedException("vdpa-compute keeps quotas per project, not per user: leave user_id out");
    }
    if (!projectExists.test(id)) throw new InvalidValueException("Project ID " + id + " is not a valid project.");
    return id;
  }

  private Map<String, Object> limits(Context ctx, String projectId) {
    return shown(ctx, quotas.limits(projectId, QuotaResource.Service.COMPUTE));
  }

  private Map<String, Object> detail(Context ctx, String projectId) {
    Map<QuotaResource, Long> used = quotas.usage(projectId, QuotaResource.Service.COMPUTE);
    Map<String, Object> shown = new LinkedHashMap<>();
    limits(ctx, projectId).forEach((name, limit) -> {
      long inUse = QuotaResource.named(QuotaResource.Service.COMPUTE, name).map(r -> used.get(r)).orElse(0L);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("in_use", inUse);
      m.put("limit", limit);
      m.put("reserved", 0);
      shown.put(name, m);
    });
    return shown;
  }

  /** Limits as the microversion shows them: with the nova-network quotas before 2.36, the file injection ones before 2.57. */
  private static Map<String, Object> shown(Context ctx, Map<QuotaResource, Integer> limits) {
    Microversion v = ComputeApi.of(ctx);
    Map<String, Object> shown = new LinkedHashMap<>();
    limits.forEach((r, limit) -> {
      if (!BEFORE_2_57.contains(r) || !v.isAtLeast(2, 57)) shown.put(r.apiName(), limit);
    });
    if (!v.isAtLeast(2, 36)) {
      for (String gone : BEFORE_2_36) shown.put(gone, QuotaResource.UNLIMITED);
    }
    return shown;
  }

  private static Map<String, Object> withId(Context ctx, Map<String, Object> quotaSet) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", ctx.pathParam("id"));
    m.putAll(quotaSet);
    return m;
  }

  /** Nova's update: limits of -1 or more, none below what is in use unless {@code force}; the limits as they then are. */
  private void update(Context ctx) {
    String projectId = project(ctx, Action.QUOTA_UPDATE);
    JsonNode body = JsonBodies.resource(ctx, "quota_set");
    Microversion v = ComputeApi.of(ctx);
    boolean force = Boolean.TRUE.equals(JsonBodies.bool(body, "force"));
    Map<QuotaResource, Integer> limits = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (name.equals("force")) continue;
      if (name.equals("networks")) throw new InvalidValueException("The networks quota has been removed");
      QuotaResource r = QuotaResource.named(QuotaResource.Service.COMPUTE, name)
          .filter(x -> !BEFORE_2_57.contains(x) || !v.isAtLeast(2, 57))
          .orElseThrow(() -> new InvalidValueException("Invalid input for field/attribute quota_set. Additional properties"
              + " are not allowed ('" + JsonBodies.shown(name) + "' was unexpected)"));
      limits.put(r, limit(name, e.getValue()));
    }
    quotas.set(projectId, limits, !force);
    ctx.json(Map.of("quota_set", limits(ctx, projectId)));
  }

  /** Nova's {@code non_negative_integer_with_minus_one}: -1 or more, as a number or its digits. */
  private static int limit(String name, JsonNode value) {
    Integer limit = JsonBodies.quotaLimit(value);
    if (limit != null) return limit;
    throw new InvalidValueException("Invalid input for field/attribute " + name + ". Value: " + JsonBodies.shown(value)
        + ". It must be an integer of -1 (no limit) or more, at most " + Integer.MAX_VALUE + ".");
  }
}

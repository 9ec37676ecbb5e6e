package org.vdpacompute.api.compute;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.controller.policy.Target;
import org.vdpacompute.controller.quota.QuotaResource;
import org.vdpacompute.controller.quota.Quotas;

/**
 * {@code /limits}: the caller's project's absolute limits and what it uses of them, named as Nova's
 * limits view names them at the requested microversion; no rate limits. An administrator may ask
 * for another project's with {@code tenant_id}.
 */
public final class LimitsResource implements ComputeRoutes {
  private final Quotas quotas;

  public LimitsResource(Quotas quotas) {
    this.quotas = quotas;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(ComputeApi.V21 + "/limits", ctx -> ctx.json(Map.of("limits", Map.of("rate", List.of(),
        "absolute", absolute(ctx, project(ctx))))), Access.to(Action.LIMITS));
  }

  private static String project(Context ctx) {
    Token token = ApiServer.token(ctx);
    String asked = ctx.queryParam("tenant_id");
    if (asked == null || asked.equals(token.project().id())) return token.project().id();
    Policy.authorize(token, Action.LIMITS_OTHER_PROJECT, Target.ANY);
    return asked;
  }

  private Map<String, Object> absolute(Context ctx, String projectId) {
    Microversion v = ComputeApi.of(ctx);
    Map<QuotaResource, Integer> limits = quotas.limits(projectId, QuotaResource.Service.COMPUTE);
    Map<QuotaResource, Long> used = quotas.usage(projectId, QuotaResource.Service.COMPUTE);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("maxServerMeta", limits.get(QuotaResource.METADATA_ITEMS));
    if (!v.isAtLeast(2, 39)) m.put("maxImageMeta", limits.get(QuotaResource.METADATA_ITEMS));
    if (!v.isAtLeast(2, 57)) {
      m.put("maxPersonality", limits.get(QuotaResource.INJECTED_FILES));
      m.put("maxPersonalitySize", limits.get(QuotaResource.INJECTED_FILE_CONTENT_BYTES));
    }
    m.put("maxTotalKeypairs", limits.get(QuotaResource.KEY_PAIRS));
    m.put("maxServerGroups", limits.get(QuotaResource.SERVER_GROUPS));
    m.put("maxServerGroupMembers", limits.get(QuotaResource.SERVER_GROUP_MEMBERS));
    m.put("maxTotalCores", limits.get(QuotaResource.CORES));
    m.put("maxTotalInstances", limits.get(QuotaResource.INSTANCES));
    m.put("maxTotalRAMSize", limits.get(QuotaResource.RAM));
    if (!v.isAtLeast(2, 36)) {
      // The nova-network limits, none since Neutron.
      m.put("maxSecurityGroups", QuotaResource.UNLIMITED);
      m.put("maxSecurityGroupRules", QuotaResource.UNLIMITED);
      m.put("maxTotalFloatingIps", QuotaResource.UNLIMITED);
      m.put("totalSecurityGroupsUsed", 0);
      m.put("totalFloatingIpsUsed", 0);
    }
    m.put("totalRAMUsed", used.get(QuotaResource.RAM));
    m.put("totalCoresUsed", used.get(QuotaResource.CORES));
    m.put("totalInstancesUsed", used.get(QuotaResource.INSTANCES));
    m.put("totalServerGroupsUsed", 0);
    return m;
  }
}

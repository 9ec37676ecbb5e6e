package org.vdpacompute.api.network;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.api.http.Routes;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.core.NotFoundException;

/**
 * Security groups, read only: every project has Neutron's {@code default} group with its four
 * default rules (ingress from the group itself, all egress, for IPv4 and IPv6), which is what the
 * servers API reports and what clients look up by name ({@code server create --security-group
 * default}). This cloud filters no traffic by them; making or changing groups is a call it does not
 * serve (501).
 */
public final class SecurityGroupsResource implements Routes {
  private static final String GROUPS = NetworkApi.V2 + "/security-groups";
  private static final String RULES = NetworkApi.V2 + "/security-group-rules";
  private static final String CREATED = "2013-01-01T00:00:00Z";

  private final Supplier<List<String>> projectIds;

  /** @param projectIds every project's id, for an administrator's view of all projects' groups */
  public SecurityGroupsResource(Supplier<List<String>> projectIds) {
    this.projectIds = projectIds;
  }

  @Override
  public void addRoutes(Javalin app) {
    Access read = Access.to(Action.SECURITY_GROUP_READ);
    app.get(GROUPS, ctx -> ctx.json(Map.of("security_groups", NetworkApi.filter(ctx,
        visibleProjects(ctx).stream().map(SecurityGroupsResource::group).toList()))), read);
    app.get(GROUPS + "/{id}", ctx -> ctx.json(Map.of("security_group", visibleProjects(ctx).stream()
        .map(SecurityGroupsResource::group).filter(g -> g.get("id").equals(ctx.pathParam("id"))).findFirst()
        .orElseThrow(() -> new NotFoundException("Security group " + JsonBodies.shown(ctx.pathParam("id"))
            + " does not exist")))), read);
    app.get(RULES, ctx -> ctx.json(Map.of("security_group_rules", NetworkApi.filter(ctx, allRules(ctx)))), read);
    app.get(RULES + "/{id}", ctx -> ctx.json(Map.of("security_group_rule", allRules(ctx).stream()
        .filter(r -> r.get("id").equals(ctx.pathParam("id"))).findFirst()
        .orElseThrow(() -> new NotFoundException("Security group rule " + JsonBodies.shown(ctx.pathParam("id"))
            + " does not exist")))), read);
  }

  /** The caller's project; every project for an administrator. */
  private List<String> visibleProjects(Context ctx) {
    Token token = ApiServer.token(ctx);
    return token.isAdmin() ? projectIds.get() : List.of(token.project().id());
  }

  private List<Map<String, Object>> allRules(Context ctx) {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (String project : visibleProjects(ctx)) rules.addAll(rules(project));
    return rules;
  }

  /** A project's default group's id: the same every time it is asked for. */
  public static String groupId(String projectId) {
    return uuid("security-group:" + projectId);
  }

  /** The id of one of a project's default rules. */
  public static String ruleId(String projectId, String direction, String ethertype) {
    return uuid("security-group-rule:" + projectId + ":" + direction + ":" + ethertype);
  }

  private static String uuid(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static Map<String, Object> group(String projectId) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("id", groupId(projectId));
    g.put("name", "default");
    g.put("description", "Default security group");
    g.put("project_id", projectId);
    g.put("tenant_id", projectId);
    g.put("stateful", true);
    g.put("shared", false);
    g.put("security_group_rules", rules(projectId));
    g.put("tags", List.of());
    g.put("revision_number", 1);
    g.put("created_at", CREATED);
    g.put("updated_at", CREATED);
    return g;
  }

  private static List<Map<String, Object>> rules(String projectId) {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (String direction : List.of("ingress", "egress")) {
      for (String ethertype : List.of("IPv4", "IPv6")) {
        String group = groupId(projectId);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", ruleId(projectId, direction, ethertype));
        r.put("security_group_id", group);
        r.put("direction", direction);
        r.put("ethertype", ethertype);
        r.put("protocol", null);
        r.put("port_range_min", null);
        r.put("port_range_max", null);
        r.put("remote_ip_prefix", null);
        r.put("remote_group_id", direction.equals("ingress") ? group : null);
        r.put("remote_address_group_id", null);
        r.put("normalized_cidr", null);
        r.put("description", "");
        r.put("project_id", projectId);
        r.put("tenant_id", projectId);
        r.put("revision_number", 0);
        r.put("created_at", CREATED);
        r.put("updated_at", CREATED);
        rules.add(r);
      }
    }
    return rules;
  }
}

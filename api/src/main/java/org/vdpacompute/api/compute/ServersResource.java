package org.vdpacompute.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.controller.policy.Target;
import org.vdpacompute.controller.workflows.Caller;
import org.vdpacompute.controller.workflows.ServerMetadata;
import org.vdpacompute.controller.workflows.ServerRequest;
import org.vdpacompute.controller.workflows.Servers;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;

/** {@code /servers}: create, list, show, delete. A member sees its own project's servers only. */
public final class ServersResource implements ComputeRoutes {
  private static final String BASE = ComputeApi.V21 + "/servers";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Servers servers;
  private final ServerMetadata metadata;
  private final NetworkService networks;
  private final ServerViews views;

  public ServersResource(Servers servers, ServerMetadata metadata, NetworkService networks, Predicate<String> hostUp) {
    this.servers = servers;
    this.metadata = metadata;
    this.networks = networks;
    this.views = new ServerViews(hostUp);
  }

  @Override
  public void addRoutes(Javalin app) {
    app.post(BASE, this::create, Access.to(Action.SERVER_CREATE));
    app.get(BASE, ctx -> ctx.json(Map.of("servers", list(ctx).stream().map(i -> views.brief(ctx, i)).toList())),
        Access.to(Action.SERVER_LIST));
    app.get(BASE + "/detail", ctx -> {
      List<Instance> list = list(ctx);
      ServerViews.Lookups lookups = lookups(list);
      boolean admin = ApiServer.token(ctx).isAdmin();
      ctx.json(Map.of("servers", list.stream().map(i -> views.detail(ctx, i, lookups, admin)).toList()));
    }, Access.to(Action.SERVER_LIST));
    app.get(BASE + "/{id}", ctx -> {
      Token token = ApiServer.token(ctx);
      Instance i = servers.server(ctx.pathParam("id"), token.project().id(), token.isAdmin());
      ctx.json(Map.of("server", views.detail(ctx, i, lookups(List.of(i)), token.isAdmin())));
    }, Access.to(Action.SERVER_SHOW));
    app.put(BASE + "/{id}", this::update, Access.to(Action.SERVER_UPDATE));
    app.delete(BASE + "/{id}", ctx -> {
      Token token = ApiServer.token(ctx);
      servers.delete(ctx.pathParam("id"), new Caller(token.project().id(), token.user().id(), token.isAdmin()));
      ctx.status(204);
    }, Access.to(Action.SERVER_DELETE));
  }

  private void create(Context ctx) {
    Token token = ApiServer.token(ctx);
    JsonNode body = ServerCreateBody.read(ctx);
    String name = NovaParameters.name("name", JsonBodies.text(body, "name"));
    String flavorRef = ServerCreateBody.flavorRef(body);
    String imageRef = ServerCreateBody.required(body, "imageRef");
    for (String count : List.of("min_count", "max_count")) {
      Integer n = JsonBodies.integer(body, count);
      if (n != null && n != 1) throw new InvalidValueException("'" + count + "' must be 1: this cloud boots one server per request");
    }
    Map<String, String> metadata = NovaParameters.metadata(body.get("metadata"), "metadata");
    String zone = JsonBodies.text(body, "availability_zone");
    if (zone != null && !zone.equals("nova")) {
      throw new InvalidValueException("Availability zone '" + zone + "' is invalid: the only zone is 'nova'");
    }
    securityGroups(body.get("security_groups"));
    Boolean configDrive = body.has("config_drive") && body.get("config_drive").isTextual() && body.get("config_drive").asText().isEmpty()
        ? Boolean.FALSE : JsonBodies.bool(body, "config_drive");
    if (Boolean.TRUE.equals(configDrive)) throw new InvalidValueException("config drives are not supported");
    if (body.hasNonNull("description") && !ComputeApi.of(ctx).isAtLeast(2, 19)) {
      throw new InvalidValueException("'description' needs microversion 2.19 or later");
    }
    if (body.hasNonNull("description")) throw new InvalidValueException("server descriptions are not supported");
    ServerCreateBody.Networks nets = ServerCreateBody.networks(ctx, body);
    Instance i = servers.create(new ServerRequest(name, token.project().id(), token.user().id(), token.isAdmin(), flavorRef,
        imageRef, nets.nics(), nets.auto(), metadata));
    Map<String, Object> m = views.brief(ctx, i);
    m.remove("name");
    m.put("OS-DCF:diskConfig", "MANUAL");
    m.put("security_groups", List.of(Map.of("name", "default")));
    m.put("adminPass", adminPass());
    ctx.header("Location", views.selfLink(ctx, i));
    ctx.status(202).json(Map.of("server", m));
  }

  /** Nova's server update: a new name; what else Nova updates, this cloud does not keep. */
  private void update(Context ctx) {
    Token token = ApiServer.token(ctx);
    JsonNode body = JsonBodies.resource(ctx, "server");
    JsonBodies.onlyKnown(body, "server", Set.of("name", "description", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig"));
    for (String field : List.of("description", "accessIPv4", "accessIPv6")) {
      if (body.has(field)) throw new InvalidValueException("'" + field + "' is not kept by this cloud; leave it out");
    }
    String diskConfig = JsonBodies.text(body, "OS-DCF:diskConfig");
    if (diskConfig != null && !diskConfig.equals("AUTO") && !diskConfig.equals("MANUAL")) {
      throw new InvalidValueException("'OS-DCF:diskConfig' must be AUTO or MANUAL, not " + JsonBodies.shown(diskConfig));
    }
    Caller who = new Caller(token.project().id(), token.user().id(), token.isAdmin());
    String id = ctx.pathParam("id");
    Instance i = body.has("name") ? servers.rename(id, who, NovaParameters.name("name", JsonBodies.text(body, "name")))
        : servers.server(id, who.projectId(), who.admin());
    ctx.json(Map.of("server", views.detail(ctx, i, lookups(List.of(i)), token.isAdmin())));
  }

  /** Nova's list of {@code {"name": ...}}; the only group there is, is {@code default}. */
  private static void securityGroups(JsonNode groups) {
    if (groups == null || groups.isNull()) return;
    if (!groups.isArray()) throw new InvalidValueException("'security_groups' must be a list of {\"name\": ...}");
    for (JsonNode g : groups) {
      if (!g.isObject()) throw new InvalidValueException("each of 'security_groups' must be {\"name\": ...}, not " + JsonBodies.shown(g));
      JsonBodies.onlyKnown(g, "security_groups", Set.of("name"));
      if (!"default".equals(JsonBodies.text(g, "name"))) {
        throw new InvalidValueException("only the 'default' security group exists");
      }
    }
  }

  private static String adminPass() {
    byte[] b = new byte[9];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * The servers a list shows: the caller's project's; an admin's {@code all_tenants} shows every
   * project's (or one named with {@code project_id}). Filters by name (a regular expression, as
   * Nova), status and host, then pages with {@code marker} and {@code limit}.
   */
  private List<Instance> list(Context ctx) {
    Token token = ApiServer.token(ctx);
    boolean allTenants = isTrue(ctx.queryParam("all_tenants"));
    if (allTenants) Policy.authorize(token, Action.SERVER_LIST_ALL_PROJECTS, Target.ANY);
    String project = ctx.queryParam("project_id") != null ? ctx.queryParam("project_id") : ctx.queryParam("tenant_id");
    if (project != null && !token.isAdmin()) project = token.project().id();
    List<Instance> list = servers.servers(allTenants && project == null ? null : project == null ? token.project().id() : project);
    String name = ctx.queryParam("name");
    if (name != null) {
      Pattern p;
      try {
        p = Pattern.compile(name);
      } catch (PatternSyntaxException e) {
        throw new InvalidValueException("'name' is not a valid regular expression: " + e.getDescription());
      }
      list = list.stream().filter(i -> p.matcher(i.name()).find()).toList();
    }
    String status = ctx.queryParam("status");
    if (status != null) list = list.stream().filter(i -> i.status().equalsIgnoreCase(status)).toList();
    String host = ctx.queryParam("host");
    if (host != null && token.isAdmin()) list = list.stream().filter(i -> host.equals(i.host())).toList();
    list = list.stream().sorted(java.util.Comparator.comparing(Instance::createdAt).reversed()
        .thenComparing(Instance::uuid)).toList();
    String marker = ctx.queryParam("marker");
    if (marker != null) {
      int at = -1;
      for (int k = 0; k < list.size(); k++) if (list.get(k).uuid().equals(marker)) at = k;
      if (at < 0) throw new InvalidValueException("marker [" + marker + "] not found");
      list = list.subList(at + 1, list.size());
    }
    String limit = ctx.queryParam("limit");
    if (limit != null) {
      int n;
      try {
        n = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        throw new InvalidValueException("'limit' must be a non-negative integer, not " + limit);
      }
      if (n < 0) throw new InvalidValueException("'limit' must be a non-negative integer, not " + limit);
      list = list.subList(0, Math.min(n, list.size()));
    }
    return list;
  }

  private static boolean isTrue(String v) {
    return v != null && (v.isEmpty() || v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
  }

  /**
   * The ports, networks and metadata of the servers shown: their ports and metadata read together,
   * their networks as known.
   */
  private ServerViews.Lookups lookups(List<Instance> shown) {
    Map<String, Port> ports = new HashMap<>();
    Map<String, Network> nets = new HashMap<>();
    for (Port p : networks.portsWithIds(shown.stream().flatMap(i -> i.portIds().stream()).toList())) {
      ports.put(p.id(), p);
      nets.computeIfAbsent(p.networkId(), id -> networkOf(p));
    }
    Map<String, Map<String, String>> items = metadata.of(shown.stream().map(Instance::uuid).toList());
    return new ServerViews.Lookups(ports::get, nets::get, uuid -> items.getOrDefault(uuid, Map.of()));
  }

  /** A port's network; null if both went since the port was read, which the view shows by the network's id. */
  private Network networkOf(Port p) {
    try {
      return networks.networkOf(p);
    } catch (NotFoundException gone) {
      return null;
    }
  }
}

package org.vdpacompute.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.api.http.ServiceCatalog;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.FlavorService;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.controller.policy.Target;
import org.vdpacompute.core.InvalidValueException;

/**
 * {@code /flavors}, their {@code os-extra_specs} and {@code os-flavor-access}: anyone reads the
 * public ones and those shared with their project, admins manage them and share private ones.
 */
public final class FlavorsResource implements ComputeRoutes {
  private static final String BASE = ComputeApi.V21 + "/flavors";
  /** Nova's limit: the description column is a 64 KiB TEXT. */
  private static final int MAX_DESCRIPTION = 65535;
  private static final Set<String> CREATE_FIELDS = Set.of("name", "id", "ram", "vcpus", "disk", "swap",
      "OS-FLV-EXT-DATA:ephemeral", "rxtx_factor", "os-flavor-access:is_public", "description");

  private static final Access READ = Access.to(Action.FLAVOR_LIST);
  private static final Access SPECS_READ = Access.to(Action.FLAVOR_EXTRA_SPECS);
  private static final Access SPECS_MANAGE = Access.to(Action.FLAVOR_EXTRA_SPECS_MANAGE);

  private final FlavorService flavors;
  private final Predicate<String> projectExists;

  /** @param projectExists whether a project of this id exists, for sharing a private flavor with it */
  public FlavorsResource(FlavorService flavors, Predicate<String> projectExists) {
    this.flavors = flavors;
    this.projectExists = projectExists;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> ctx.json(Map.of("flavors", list(ctx).stream().map(f -> brief(ctx, f)).toList())), READ);
    app.get(BASE + "/detail", ctx -> ctx.json(Map.of("flavors", list(ctx).stream().map(f -> detail(ctx, f)).toList())), READ);
    app.get(BASE + "/{id}", ctx -> ctx.json(Map.of("flavor", detail(ctx, visible(ctx)))), READ);
    app.post(BASE, this::create, Access.to(Action.FLAVOR_MANAGE));
    app.delete(BASE + "/{id}", ctx -> {
      flavors.delete(ctx.pathParam("id"));
      ctx.status(202);
    }, Access.to(Action.FLAVOR_DELETE));
    app.get(BASE + "/{id}/os-extra_specs", ctx -> ctx.json(Map.of("extra_specs", visible(ctx).extraSpecs())), SPECS_READ);
    app.post(BASE + "/{id}/os-extra_specs", ctx -> {
      Map<String, String> specs = specs(JsonBodies.resource(ctx, "extra_specs"));
      flavors.setExtraSpecs(ctx.pathParam("id"), specs);
      ctx.json(Map.of("extra_specs", specs));
    }, SPECS_MANAGE);
    app.get(BASE + "/{id}/os-extra_specs/{key}", ctx -> {
      Flavor f = visible(ctx);
      String key = ctx.pathParam("key");
      if (!f.extraSpecs().containsKey(key)) {
        throw new org.vdpacompute.core.NotFoundException("Flavor " + f.id() + " has no extra spec with key " + key + ".");
      }
      ctx.json(Map.of(key, f.extraSpecs().get(key)));
    }, SPECS_READ);
    app.put(BASE + "/{id}/os-extra_specs/{key}", ctx -> {
      Map<String, String> specs = specs(JsonBodies.tree(ctx));
      if (specs.size() != 1 || !specs.containsKey(ctx.pathParam("key"))) {
        throw new InvalidValueException("the body must set exactly the key in the URL, " + ctx.pathParam("key"));
      }
      flavors.setExtraSpecs(ctx.pathParam("id"), specs);
      ctx.json(specs);
    }, SPECS_MANAGE);
    app.delete(BASE + "/{id}/os-extra_specs/{key}", ctx -> {
      flavors.deleteExtraSpec(ctx.pathParam("id"), ctx.pathParam("key"));
      ctx.status(200);
    }, SPECS_MANAGE);
    app.get(BASE + "/{id}/os-flavor-access", ctx -> ctx.json(access(ctx.pathParam("id"),
        flavors.access(ctx.pathParam("id")))), Access.to(Action.FLAVOR_ACCESS_LIST));
    app.post(BASE + "/{id}/action", this::act, Access.to(Action.FLAVOR_ACCESS_ADD));
  }

  /** A flavor the caller may see: a private one only when it is shared with the caller's project. */
  private Flavor visible(Context ctx) {
    Token token = ApiServer.token(ctx);
    return flavors.visibleFlavor(ctx.pathParam("id"), token.project().id(), token.isAdmin());
  }

  /** {@code addTenantAccess} and {@code removeTenantAccess}, one per request; the answer is the flavor's access list. */
  private void act(Context ctx) {
    JsonNode body = JsonBodies.resource(ctx, null);
    if (body.size() != 1) {
      throw new InvalidValueException("the body of a flavor action names exactly one action, e.g. {\"addTenantAccess\": "
          + "{\"tenant\": PROJECT}}");
    }
    String action = body.fieldNames().next();
    if (!action.equals("addTenantAccess") && !action.equals("removeTenantAccess")) {
      throw new InvalidValueException("Unsupported flavor action '" + JsonBodies.shown(action)
          + "'; there are addTenantAccess and removeTenantAccess");
    }
    JsonNode args = body.get(action);
    if (!args.isObject()) throw new InvalidValueException("'" + action + "' must be {\"tenant\": PROJECT}");
    JsonBodies.onlyKnown(args, action, Set.of("tenant"));
    String tenant = JsonBodies.text(args, "tenant");
    if (tenant == null || tenant.isEmpty() || tenant.length() > 255) {
      throw new InvalidValueException("'tenant' must be a project id of 1 to 255 characters");
    }
    String id = ctx.pathParam("id");
    List<String> projects;
    if (action.equals("addTenantAccess")) {
      if (!projectExists.test(tenant)) throw new InvalidValueException("Project ID " + tenant + " is not a valid project.");
      projects = flavors.addAccess(id, tenant);
    } else {
      Policy.authorize(ApiServer.token(ctx), Action.FLAVOR_ACCESS_REMOVE, Target.ANY);
      projects = flavors.removeAccess(id, tenant);
    }
    ctx.json(access(id, projects));
  }

  private Map<String, Object> access(String flavorId, List<String> projects) {
    String id = flavors.flavor(flavorId).id();
    return Map.of("flavor_access", projects.stream().map(p -> Map.of("flavor_id", id, "tenant_id", p)).toList());
  }

  /**
   * Public flavors and those shared with the caller's project; admins see private ones too, and
   * may ask for only one kind with is_public.
   */
  private List<Flavor> list(Context ctx) {
    Token token = ApiServer.token(ctx);
    if (!token.isAdmin()) return flavors.visibleFlavors(token.project().id());
    String isPublic = ctx.queryParam("is_public");
    boolean all = token.isAdmin() && (isPublic == null || isPublic.equalsIgnoreCase("none") || isPublic.equalsIgnoreCase("false"));
    List<Flavor> list = flavors.flavors(all);
    if (token.isAdmin() && "false".equalsIgnoreCase(isPublic)) {
      list = list.stream().filter(f -> !f.isPublic()).toList();
    }
    return list;
  }

  private void create(Context ctx) {
    JsonNode body = JsonBodies.resource(ctx, "flavor");
    JsonBodies.onlyKnown(body, "flavor", CREATE_FIELDS);
    String name = NovaParameters.name("name", JsonBodies.text(body, "name"));
    String id = NovaParameters.flavorId(body.get("id"));
    Integer ram = required(body, "ram");
    Integer vcpus = required(body, "vcpus");
    Integer disk = required(body, "disk");
    Integer ephemeral = JsonBodies.integer(body, "OS-FLV-EXT-DATA:ephemeral");
    // Nova shows no swap as "", and clients send it back so.
    Integer swap = body.hasNonNull("swap") && body.get("swap").isTextual() && body.get("swap").asText().isEmpty()
        ? Integer.valueOf(0) : JsonBodies.integer(body, "swap");
    Boolean isPublic = JsonBodies.bool(body, "os-flavor-access:is_public");
    double rxtx = NovaParameters.rxtxFactor(body.get("rxtx_factor"));
    String description = JsonBodies.text(body, "description");
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw new InvalidValueException("'description' may be at most " + MAX_DESCRIPTION + " characters");
    }
    Flavor f = flavors.create(new FlavorService.FlavorRequest(id, name, vcpus, ram, disk, ephemeral == null ? 0 : ephemeral,
        swap == null ? 0 : swap, rxtx, isPublic == null || isPublic, description, Map.of()));
    ctx.json(Map.of("flavor", detail(ctx, f)));
  }

  private static Integer required(JsonNode body, String field) {
    Integer v = JsonBodies.integer(body, field);
    if (v == null) throw new InvalidValueException("'" + field + "' is a required property");
    return v;
  }

  private static Map<String, String> specs(JsonNode node) {
    return NovaParameters.extraSpecs(node);
  }

  private List<Map<String, String>> links(Context ctx, Flavor f) {
    String base = ServiceCatalog.of(ctx).url(BASE + "/" + f.id());
    return List.of(Map.of("rel", "self", "href", base), Map.of("rel", "bookmark", "href", base));
  }

  private Map<String, Object> brief(Context ctx, Flavor f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", f.id());
    m.put("name", f.name());
    m.put("links", links(ctx, f));
    if (ComputeApi.of(ctx).isAtLeast(2, 55)) m.put("description", f.description());
    return m;
  }

  private Map<String, Object> detail(Context ctx, Flavor f) {
    Map<String, Object> m = brief(ctx, f);
    m.put("ram", f.ramMb());
    m.put("vcpus", f.vcpus());
    m.put("disk", f.diskGb());
    m.put("swap", f.swapMb() == 0 ? "" : f.swapMb());
    m.put("OS-FLV-EXT-DATA:ephemeral", f.ephemeralGb());
    m.put("OS-FLV-DISABLED:disabled", false);
    m.put("os-flavor-access:is_public", f.isPublic());
    m.put("rxtx_factor", f.rxtxFactor());
    return m;
  }
}

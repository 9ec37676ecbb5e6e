package org.vdpacompute.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.api.http.ServiceCatalog;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.FlavorService;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.core.InvalidValueException;

/** {@code /flavors} and their {@code os-extra_specs}: anyone reads, admins manage. */
public final class FlavorsResource implements ComputeRoutes {
  private static final String BASE = ComputeApi.V21 + "/flavors";
  private static final Set<String> CREATE_FIELDS = Set.of("name", "id", "ram", "vcpus", "disk", "swap",
      "OS-FLV-EXT-DATA:ephemeral", "rxtx_factor", "os-flavor-access:is_public", "description");

  private final FlavorService flavors;
  private final String publicBaseUrl;

  public FlavorsResource(FlavorService flavors, String publicBaseUrl) {
    this.flavors = flavors;
    this.publicBaseUrl = publicBaseUrl;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> ctx.json(Map.of("flavors", list(ctx).stream().map(f -> brief(ctx, f)).toList())));
    app.get(BASE + "/detail", ctx -> ctx.json(Map.of("flavors", list(ctx).stream().map(f -> detail(ctx, f)).toList())));
    app.get(BASE + "/{id}", ctx -> ctx.json(Map.of("flavor", detail(ctx, flavors.flavor(ctx.pathParam("id"))))));
    app.post(BASE, this::create);
    app.delete(BASE + "/{id}", ctx -> {
      Policy.authorize(ApiServer.token(ctx), Action.FLAVOR_MANAGE, null);
      flavors.delete(ctx.pathParam("id"));
      ctx.status(202);
    });
    app.get(BASE + "/{id}/os-extra_specs", ctx -> ctx.json(Map.of("extra_specs", flavors.flavor(ctx.pathParam("id")).extraSpecs())));
    app.post(BASE + "/{id}/os-extra_specs", ctx -> {
      Policy.authorize(ApiServer.token(ctx), Action.FLAVOR_MANAGE, null);
      Map<String, String> specs = specs(JsonBodies.resource(ctx, "extra_specs"));
      flavors.setExtraSpecs(ctx.pathParam("id"), specs);
      ctx.json(Map.of("extra_specs", specs));
    });
    app.get(BASE + "/{id}/os-extra_specs/{key}", ctx -> {
      Flavor f = flavors.flavor(ctx.pathParam("id"));
      String key = ctx.pathParam("key");
      if (!f.extraSpecs().containsKey(key)) {
        throw new org.vdpacompute.core.NotFoundException("Flavor " + f.id() + " has no extra spec with key " + key + ".");
      }
      ctx.json(Map.of(key, f.extraSpecs().get(key)));
    });
    app.put(BASE + "/{id}/os-extra_specs/{key}", ctx -> {
      Policy.authorize(ApiServer.token(ctx), Action.FLAVOR_MANAGE, null);
      Map<String, String> specs = specs(ApiServer.JSON.readTree(ctx.body()));
      if (specs.size() != 1 || !specs.containsKey(ctx.pathParam("key"))) {
        throw new InvalidValueException("the body must set exactly the key in the URL, " + ctx.pathParam("key"));
      }
      flavors.setExtraSpecs(ctx.pathParam("id"), specs);
      ctx.json(specs);
    });
    app.delete(BASE + "/{id}/os-extra_specs/{key}", ctx -> {
      Policy.authorize(ApiServer.token(ctx), Action.FLAVOR_MANAGE, null);
      flavors.deleteExtraSpec(ctx.pathParam("id"), ctx.pathParam("key"));
      ctx.status(200);
    });
  }

  /** Public flavors; admins see private ones too, and may ask for only one kind with is_public. */
  private List<Flavor> list(Context ctx) {
    Token token = ApiServer.token(ctx);
    String isPublic = ctx.queryParam("is_public");
    boolean all = token.isAdmin() && (isPublic == null || isPublic.equalsIgnoreCase("none") || isPublic.equalsIgnoreCase("false"));
    List<Flavor> list = flavors.flavors(all);
    if (token.isAdmin() && "false".equalsIgnoreCase(isPublic)) {
      list = list.stream().filter(f -> !f.isPublic()).toList();
    }
    return list;
  }

  private void create(Context ctx) {
    Policy.authorize(ApiServer.token(ctx), Action.FLAVOR_MANAGE, null);
    JsonNode body = JsonBodies.resource(ctx, "flavor");
    JsonBodies.onlyKnown(body, "flavor", CREATE_FIELDS);
    Integer ram = required(body, "ram");
    Integer vcpus = required(body, "vcpus");
    Integer disk = required(body, "disk");
    Integer ephemeral = JsonBodies.integer(body, "OS-FLV-EXT-DATA:ephemeral");
    Integer swap = body.hasNonNull("swap") && body.get("swap").asText().isEmpty() ? Integer.valueOf(0) : JsonBodies.integer(body, "swap");
    Boolean isPublic = JsonBodies.bool(body, "os-flavor-access:is_public");
    double rxtx = body.hasNonNull("rxtx_factor") ? body.get("rxtx_factor").asDouble() : 1.0;
    JsonNode id = body.get("id");
    Flavor f = flavors.create(new FlavorService.FlavorRequest(id == null || id.isNull() ? null : id.asText(),
        JsonBodies.text(body, "name"), vcpus, ram, disk, ephemeral == null ? 0 : ephemeral, swap == null ? 0 : swap,
        rxtx, isPublic == null || isPublic, JsonBodies.text(body, "description"), Map.of()));
    ctx.json(Map.of("flavor", detail(ctx, f)));
  }

  private static Integer required(JsonNode body, String field) {
    Integer v = JsonBodies.integer(body, field);
    if (v == null) throw new InvalidValueException("'" + field + "' is a required property");
    return v;
  }

  private static Map<String, String> specs(JsonNode node) {
    if (node == null || !node.isObject()) throw new InvalidValueException("extra specs must be an object of strings");
    Map<String, String> specs = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new InvalidValueException("extra spec '" + e.getKey() + "' must be a string");
      }
      specs.put(e.getKey(), e.getValue().asText());
    }
    return specs;
  }

  private List<Map<String, String>> links(Context ctx, Flavor f) {
    String base = ServiceCatalog.forRequest(publicBaseUrl, ctx).url(BASE + "/" + f.id());
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

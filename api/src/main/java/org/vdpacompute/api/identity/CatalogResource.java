package org.vdpacompute.api.identity;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.Routes;
import org.vdpacompute.api.http.ServiceCatalog;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.core.NotFoundException;

/**
 * What the catalog is made of, read only: the four services of the one listener, their endpoints
 * (at {@code [api] public_url}), the one region and the one domain. They follow from the
 * configuration, so there is nothing to create or delete.
 */
final class CatalogResource implements Routes {
  @Override
  public void addRoutes(Javalin app) {
    String v3 = IdentityViews.V3;
    app.get(v3 + "/services", ctx -> ctx.json(IdentityViews.collection(ctx, "services",
        filtered(ctx, services(ctx), "type"))), Access.to(Action.IDENTITY_SERVICES));
    app.get(v3 + "/services/{id}", ctx -> ctx.json(Map.of("service", one(ctx, services(ctx), "Could not find service: "))),
        Access.to(Action.IDENTITY_SERVICE_SHOW));
    app.get(v3 + "/endpoints", ctx -> ctx.json(IdentityViews.collection(ctx, "endpoints",
        filtered(ctx, filtered(ctx, endpoints(ctx), "service_id"), "interface"))), Access.to(Action.IDENTITY_ENDPOINTS));
    app.get(v3 + "/endpoints/{id}", ctx -> ctx.json(Map.of("endpoint", one(ctx, endpoints(ctx), "Could not find endpoint: "))),
        Access.to(Action.IDENTITY_ENDPOINT_SHOW));
    app.get(v3 + "/regions", ctx -> ctx.json(IdentityViews.collection(ctx, "regions", List.of(region(ctx)))),
        Access.to(Action.IDENTITY_REGIONS));
    app.get(v3 + "/regions/{id}", ctx -> ctx.json(Map.of("region", one(ctx, List.of(region(ctx)), "Could not find region: "))),
        Access.to(Action.IDENTITY_REGIONS));
    app.get(v3 + "/domains", ctx -> {
      String name = ctx.queryParam("name");
      List<Map<String, Object>> domains = name == null || name.equals(IdentityService.DEFAULT_DOMAIN_NAME)
          ? List.of(IdentityViews.domain(ctx)) : List.of();
      ctx.json(IdentityViews.collection(ctx, "domains", domains));
    }, Access.to(Action.IDENTITY_DOMAINS));
    app.get(v3 + "/domains/{id}", ctx -> ctx.json(Map.of("domain", one(ctx, List.of(IdentityViews.domain(ctx)),
        "Could not find domain: "))), Access.to(Action.IDENTITY_DOMAIN_SHOW));
  }

  private static List<Map<String, Object>> services(Context ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ServiceCatalog.Entry e : ServiceCatalog.ENTRIES) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", ServiceCatalog.serviceId(e));
      m.put("name", e.name());
      m.put("type", e.type());
      m.put("enabled", true);
      m.put("description", "");
      m.put("links", Map.of("self", IdentityViews.url(ctx, "/services/" + ServiceCatalog.serviceId(e))));
      out.add(m);
    }
    return out;
  }

  private static List<Map<String, Object>> endpoints(Context ctx) {
    ServiceCatalog catalog = ServiceCatalog.of(ctx);
    List<Map<String, Object>> out = new ArrayList<>();
    for (ServiceCatalog.Entry e : ServiceCatalog.ENTRIES) {
      for (ServiceCatalog.Endpoint ep : catalog.endpoints(e)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", ep.id());
        m.put("interface", ep.iface());
        m.put("region_id", ServiceCatalog.REGION);
        m.put("region", ServiceCatalog.REGION);
        m.put("service_id", ServiceCatalog.serviceId(e));
        m.put("url", ep.url());
        m.put("enabled", true);
        m.put("links", Map.of("self", IdentityViews.url(ctx, "/endpoints/" + ep.id())));
        out.add(m);
      }
    }
    return out;
  }

  private static Map<String, Object> region(Context ctx) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", ServiceCatalog.REGION);
    m.put("description", "");
    m.put("parent_region_id", null);
    m.put("links", Map.of("self", IdentityViews.url(ctx, "/regions/" + ServiceCatalog.REGION)));
    return m;
  }

  /** The items whose {@code field} is the query parameter of that name, when it is given. */
  private static List<Map<String, Object>> filtered(Context ctx, List<Map<String, Object>> items, String field) {
    String wanted = ctx.queryParam(field);
    return wanted == null ? items : items.stream().filter(m -> wanted.equals(m.get(field))).toList();
  }

  private static Map<String, Object> one(Context ctx, List<Map<String, Object>> items, String notFound) {
    String id = ctx.pathParam("id");
    return items.stream().filter(m -> id.equals(m.get("id"))).findFirst()
        .orElseThrow(() -> new NotFoundException(notFound + id + "."));
  }
}

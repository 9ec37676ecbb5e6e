package org.vdpacompute.api.identity;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.api.http.ServiceCatalog;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.controller.identity.Project;
import org.vdpacompute.controller.identity.RoleDefinition;
import org.vdpacompute.controller.identity.User;

/** Projects, users, roles and the domain as Keystone v3 shows them, each with its self link. */
final class IdentityViews {
  static final String V3 = "/identity/v3";

  private IdentityViews() {}

  static String url(Context ctx, String path) {
    return ServiceCatalog.of(ctx).url(V3 + path);
  }

  /** A collection with Keystone's links (one page: no previous, no next). */
  static Map<String, Object> collection(Context ctx, String key, List<Map<String, Object>> items) {
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", ServiceCatalog.of(ctx).url(ctx.path()));
    links.put("previous", null);
    links.put("next", null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, items);
    m.put("links", links);
    return m;
  }

  static Map<String, Object> project(Context ctx, Project p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("name", p.name());
    m.put("domain_id", p.domainId());
    m.put("description", p.description());
    m.put("enabled", p.enabled());
    // Keystone's top-level projects have their domain as parent.
    m.put("parent_id", p.domainId());
    m.put("is_domain", false);
    m.put("tags", List.of());
    m.put("options", Map.of());
    m.put("links", Map.of("self", url(ctx, "/projects/" + p.id())));
    return m;
  }

  static Map<String, Object> user(Context ctx, User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", u.id());
    m.put("name", u.name());
    m.put("domain_id", u.domainId());
    m.put("enabled", u.enabled());
    m.put("password_expires_at", null);
    if (u.defaultProjectId() != null) m.put("default_project_id", u.defaultProjectId());
    if (u.email() != null) m.put("email", u.email());
    if (!u.description().isEmpty()) m.put("description", u.description());
    m.put("options", Map.of());
    m.put("links", Map.of("self", url(ctx, "/users/" + u.id())));
    return m;
  }

  static Map<String, Object> role(Context ctx, RoleDefinition r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("name", r.name());
    m.put("domain_id", null);
    m.put("description", r.description());
    m.put("options", Map.of());
    m.put("links", Map.of("self", url(ctx, "/roles/" + r.id())));
    return m;
  }

  static Map<String, Object> domain(Context ctx) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", IdentityService.DEFAULT_DOMAIN_ID);
    m.put("name", IdentityService.DEFAULT_DOMAIN_NAME);
    m.put("description", "The one domain of this cloud");
    m.put("enabled", true);
    m.put("tags", List.of());
    m.put("options", Map.of());
    m.put("links", Map.of("self", url(ctx, "/domains/" + IdentityService.DEFAULT_DOMAIN_ID)));
    return m;
  }

  /** The domain as an assignment with names shows it. */
  static Map<String, Object> domainRef() {
    return Map.of("id", IdentityService.DEFAULT_DOMAIN_ID, "name", IdentityService.DEFAULT_DOMAIN_NAME);
  }
}

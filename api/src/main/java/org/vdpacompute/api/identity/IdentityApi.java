package org.vdpacompute.api.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.ErrorShape;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.api.http.Routes;
import org.vdpacompute.api.http.ServiceApi;
import org.vdpacompute.api.http.ServiceCatalog;
import org.vdpacompute.controller.identity.IdentityAdmin;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.controller.identity.PasswordLogin;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.controller.policy.Target;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.UnauthorizedException;

/**
 * The part of Keystone v3 that OpenStack clients need: version discovery, password login scoped to a
 * project (the token in {@code X-Subject-Token}, its catalog in the body), token validation and
 * revocation, and the resources given to it (projects, users, roles, the catalog's parts).
 */
public final class IdentityApi implements ServiceApi {
  static final String SUBJECT_TOKEN = "X-Subject-Token";
  static final String AUTH_TOKEN = "X-Auth-Token";
  /** Keystone's timestamps: microseconds and a Z. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final IdentityService identity;
  private final List<Routes> resources;

  /** Version discovery and tokens only. */
  public IdentityApi(IdentityService identity) {
    this(identity, List.of());
  }

  /** Version discovery, tokens, and the resources given. */
  public IdentityApi(IdentityService identity, List<Routes> resources) {
    this.identity = identity;
    this.resources = List.copyOf(resources);
  }

  /**
   * What an operator manages: projects, users, roles and their assignments (through {@code admin}),
   * and the services, endpoints, regions and domain the catalog is made of.
   */
  public static List<Routes> administration(IdentityAdmin admin) {
    return List.of(new ProjectsResource(admin), new UsersResource(admin), new RolesResource(admin), new CatalogResource());
  }

  @Override
  public String prefix() {
    return "/identity";
  }

  @Override
  public String openStackApi() {
    return "identity";
  }

  @Override
  public ErrorShape errorShape() {
    return ErrorShape.IDENTITY;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get("/identity", ctx -> ctx.status(300).json(Map.of("versions", Map.of("values", List.of(version(catalog(ctx)))))),
        Access.PUBLIC);
    app.get("/identity/v3", ctx -> ctx.json(Map.of("version", version(catalog(ctx)))), Access.PUBLIC);
    app.post("/identity/v3/auth/tokens", this::issue, Access.PUBLIC);
    app.get("/identity/v3/auth/tokens", ctx -> {
      Token token = subject(ctx, Action.TOKEN_VALIDATE);
      ctx.header(SUBJECT_TOKEN, token.id());
      ctx.json(Map.of("token", render(token, catalog(ctx))));
    }, Access.to(Action.TOKEN_VALIDATE));
    // Keystone's check: the status says whether the token is valid, with no body.
    app.head("/identity/v3/auth/tokens", ctx -> {
      subject(ctx, Action.TOKEN_CHECK);
      ctx.status(200);
    }, Access.to(Action.TOKEN_CHECK));
    app.delete("/identity/v3/auth/tokens", ctx -> {
      Token token = subject(ctx, Action.TOKEN_REVOKE);
      identity.revoke(token.id());
      ctx.status(204);
    }, Access.to(Action.TOKEN_REVOKE));
    for (Routes r : resources) {
      r.addRoutes(app);
    }
  }

  /**
   * The token named in {@code X-Subject-Token}, once the caller may act on it: its owner, a
   * service or an administrator (Keystone's {@code service_admin_or_token_subject}). As in
   * Keystone, an unknown subject is 404 (for a caller who may look tokens up at all).
   */
  private Token subject(Context ctx, Action action) {
    Token subject;
    try {
      subject = identity.validate(ctx.header(SUBJECT_TOKEN));
    } catch (UnauthorizedException e) {
      throw new NotFoundException("Could not find token: " + e.getMessage());
    }
    Policy.authorize(ApiServer.token(ctx), action, Target.user(subject.user().id()));
    return subject;
  }

  private ServiceCatalog catalog(Context ctx) {
    return ServiceCatalog.of(ctx);
  }

  private Map<String, Object> version(ServiceCatalog catalog) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", "v3.14");
    v.put("status", "stable");
    v.put("updated", "2020-04-07T00:00:00Z");
    v.put("links", List.of(Map.of("rel", "self", "href", catalog.url("/identity/v3/"))));
    v.put("media-types", List.of(Map.of("base", "application/json", "type", "application/vnd.openstack.identity-v3+json")));
    return v;
  }

  private void issue(Context ctx) {
    Token token = identity.authenticate(parseLogin(JsonBodies.tree(ctx)));
    ctx.header(SUBJECT_TOKEN, token.id());
    ctx.status(201).json(Map.of("token", render(token, catalog(ctx))));
  }

  static PasswordLogin parseLogin(JsonNode body) {
    JsonNode auth = body == null ? null : body.get("auth");
    if (auth == null || !auth.isObject()) {
      throw new InvalidValueException("the body must be {\"auth\": {\"identity\": ..., \"scope\": ...}}");
    }
    JsonNode identity = object(auth, "identity");
    JsonNode methods = identity.path("methods");
    boolean password = false;
    for (JsonNode m : methods) password |= "password".equals(m.asText());
    if (!methods.isArray() || !password) {
      throw new InvalidValueException("this cloud accepts the identity method 'password' only, got "
          + (methods.isMissingNode() ? "none" : JsonBodies.shown(methods)));
    }
    JsonNode user = object(object(identity, "password"), "user");
    JsonNode project = object(object(auth, "scope"), "project");
    return new PasswordLogin(
        text(user, "id"), text(user, "name"), domain(user), text(user, "password"),
        text(project, "id"), text(project, "name"), domain(project));
  }

  /**
   * The object under {@code field}, as Keystone's schema types it; missing when absent. Fields it
   * does not name are let through, as Keystone lets them.
   */
  private static JsonNode object(JsonNode holder, String field) {
    JsonNode v = holder.path(field);
    if (!v.isMissingNode() && !v.isNull() && !v.isObject()) {
      throw new InvalidValueException("'" + field + "' of the login must be an object, not " + JsonBodies.shown(v));
    }
    return v;
  }

  private static String domain(JsonNode holder) {
    JsonNode domain = object(holder, "domain");
    String id = text(domain, "id");
    return id != null ? id : text(domain, "name");
  }

  /** A string of the login, as Keystone's schema takes it: absent, null or a string, nothing else. */
  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw new InvalidValueException("'" + field + "' of the login must be a string, not " + JsonBodies.shown(v));
    return v.asText();
  }

  private Map<String, Object> render(Token token, ServiceCatalog catalog) {
    Map<String, Object> domain = Map.of("id", IdentityService.DEFAULT_DOMAIN_ID, "name", IdentityService.DEFAULT_DOMAIN_NAME);
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("domain", domain);
    user.put("id", token.user().id());
    user.put("name", token.user().name());
    user.put("password_expires_at", null);
    Map<String, Object> project = new LinkedHashMap<>();
    project.put("domain", domain);
    project.put("id", token.project().id());
    project.put("name", token.project().name());
    List<Map<String, Object>> roles = new ArrayList<>();
    for (Role r : token.roles()) roles.add(Map.of("id", r.id(), "name", r.apiName()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("methods", List.of("password"));
    body.put("user", user);
    body.put("audit_ids", List.of(token.auditId()));
    body.put("expires_at", time(token.expiresAt()));
    body.put("issued_at", time(token.issuedAt()));
    body.put("project", project);
    body.put("is_domain", false);
    body.put("roles", roles);
    body.put("catalog", catalog.render());
    return body;
  }

  private static String time(Instant t) {
    return TIME.format(t);
  }
}

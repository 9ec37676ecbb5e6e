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
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.ErrorShape;
import org.vdpacompute.api.http.ServiceApi;
import org.vdpacompute.api.http.ServiceCatalog;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.controller.identity.PasswordLogin;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.core.InvalidValueException;

/**
 * The part of Keystone v3 that OpenStack clients need: version discovery, password login scoped to a
 * project (the token in {@code X-Subject-Token}, its catalog in the body), and token validation
 * and revocation.
 */
public final class IdentityApi implements ServiceApi {
  static final String SUBJECT_TOKEN = "X-Subject-Token";
  static final String AUTH_TOKEN = "X-Auth-Token";
  /** Keystone's timestamps: microseconds and a Z. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final IdentityService identity;
  private final String publicBaseUrl;

  /** @param publicBaseUrl where clients reach the listener; null to take it from each request */
  public IdentityApi(IdentityService identity, String publicBaseUrl) {
    this.identity = identity;
    this.publicBaseUrl = publicBaseUrl;
  }

  @Override
  public String prefix() {
    return "/identity";
  }

  @Override
  public ErrorShape errorShape() {
    return ErrorShape.IDENTITY;
  }

  /** Identity checks tokens itself: logging in needs none, validation names two. */
  @Override
  public boolean isPublic(Context ctx) {
    return true;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get("/identity", ctx -> ctx.status(300).json(Map.of("versions", Map.of("values", List.of(version(catalog(ctx)))))));
    app.get("/identity/v3", ctx -> ctx.json(Map.of("version", version(catalog(ctx)))));
    app.post("/identity/v3/auth/tokens", this::issue);
    app.get("/identity/v3/auth/tokens", this::check);
    app.delete("/identity/v3/auth/tokens", ctx -> {
      identity.validate(ctx.header(AUTH_TOKEN));
      identity.revoke(ctx.header(SUBJECT_TOKEN));
      ctx.status(204);
    });
  }

  private ServiceCatalog catalog(Context ctx) {
    return ServiceCatalog.forRequest(publicBaseUrl, ctx);
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

  private void issue(Context ctx) throws Exception {
    Token token = identity.authenticate(parseLogin(ApiServer.JSON.readTree(ctx.body())));
    ctx.header(SUBJECT_TOKEN, token.id());
    ctx.status(201).json(Map.of("token", render(token, catalog(ctx))));
  }

  private void check(Context ctx) {
    identity.validate(ctx.header(AUTH_TOKEN));
    Token token = identity.validate(ctx.header(SUBJECT_TOKEN));
    ctx.header(SUBJECT_TOKEN, token.id());
    ctx.json(Map.of("token", render(token, catalog(ctx))));
  }

  static PasswordLogin parseLogin(JsonNode body) {
    JsonNode auth = body == null ? null : body.get("auth");
    if (auth == null || !auth.isObject()) {
      throw new InvalidValueException("the body must be {\"auth\": {\"identity\": ..., \"scope\": ...}}");
    }
    JsonNode methods = auth.path("identity").path("methods");
    boolean password = false;
    for (JsonNode m : methods) password |= "password".equals(m.asText());
    if (!password) {
      throw new InvalidValueException("this cloud accepts the identity method 'password' only, got " + methods);
    }
    JsonNode user = auth.path("identity").path("password").path("user");
    JsonNode project = auth.path("scope").path("project");
    return new PasswordLogin(
        text(user, "id"), text(user, "name"), domain(user), text(user, "password"),
        text(project, "id"), text(project, "name"), domain(project));
  }

  private static String domain(JsonNode holder) {
    JsonNode domain = holder.path("domain");
    String id = text(domain, "id");
    return id != null ? id : text(domain, "name");
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
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

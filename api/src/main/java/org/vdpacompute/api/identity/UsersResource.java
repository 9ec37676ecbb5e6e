package org.vdpacompute.api.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.api.http.Routes;
import org.vdpacompute.controller.identity.IdentityAdmin;
import org.vdpacompute.controller.identity.User;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.controller.policy.Target;

/** {@code /v3/users}: administrators list, create and delete users; a user reads itself and its projects. */
final class UsersResource implements Routes {
  private static final String BASE = IdentityViews.V3 + "/users";
  private static final Set<String> FIELDS = Set.of("name", "domain_id", "password", "enabled", "default_project_id",
      "email", "description", "options");

  private final IdentityAdmin admin;

  UsersResource(IdentityAdmin admin) {
    this.admin = admin;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> {
      IdentityBodies.domainFilter(ctx);
      Boolean enabled = IdentityBodies.enabledFilter(ctx);
      ctx.json(IdentityViews.collection(ctx, "users", admin.users(ctx.queryParam("name")).stream()
          .filter(u -> enabled == null || u.enabled() == enabled).map(u -> IdentityViews.user(ctx, u)).toList()));
    }, Access.to(Action.IDENTITY_USER_LIST));
    app.post(BASE, this::create, Access.to(Action.IDENTITY_USER_CREATE));
    app.get(BASE + "/{id}", ctx -> {
      String id = ctx.pathParam("id");
      Policy.authorize(ApiServer.token(ctx), Action.IDENTITY_USER_SHOW, Target.user(id));
      ctx.json(Map.of("user", IdentityViews.user(ctx, admin.user(id))));
    }, Access.to(Action.IDENTITY_USER_SHOW));
    // What OpenStackClient's project list falls back on for a user who may not list every project.
    app.get(BASE + "/{id}/projects", ctx -> {
      String id = ctx.pathParam("id");
      Policy.authorize(ApiServer.token(ctx), Action.IDENTITY_USER_PROJECTS, Target.user(id));
      ctx.json(IdentityViews.collection(ctx, "projects", admin.projectsOf(admin.user(id).id()).stream()
          .map(p -> IdentityViews.project(ctx, p)).toList()));
    }, Access.to(Action.IDENTITY_USER_PROJECTS));
    app.delete(BASE + "/{id}", ctx -> {
      admin.deleteUser(ctx.pathParam("id"));
      ctx.status(204);
    }, Access.to(Action.IDENTITY_USER_DELETE));
  }

  private void create(Context ctx) {
    JsonNode body = JsonBodies.resource(ctx, "user");
    JsonBodies.onlyKnown(body, "user", FIELDS);
    IdentityBodies.emptyOrNull(body, "options", "user options are not kept here");
    User u = admin.createUser(new IdentityAdmin.UserRequest(JsonBodies.text(body, "name"), JsonBodies.text(body, "domain_id"),
        JsonBodies.text(body, "password"), JsonBodies.bool(body, "enabled"), JsonBodies.text(body, "default_project_id"),
        JsonBodies.text(body, "email"), JsonBodies.text(body, "description")));
    ctx.status(201).json(Map.of("user", IdentityViews.user(ctx, u)));
  }
}

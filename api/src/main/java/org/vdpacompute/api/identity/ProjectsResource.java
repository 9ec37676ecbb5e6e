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
import org.vdpacompute.controller.identity.Project;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.core.NotFoundException;

/**
 * {@code /v3/projects}: administrators list, create and delete projects; anyone reads the project
 * their token is scoped to (Keystone's {@code identity:get_project}), another project is as good as
 * missing.
 */
final class ProjectsResource implements Routes {
  private static final String BASE = IdentityViews.V3 + "/projects";
  private static final Set<String> FIELDS = Set.of("name", "domain_id", "description", "enabled", "parent_id", "is_domain",
      "tags", "options");

  private final IdentityAdmin admin;

  ProjectsResource(IdentityAdmin admin) {
    this.admin = admin;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> {
      IdentityBodies.domainFilter(ctx);
      Boolean enabled = IdentityBodies.enabledFilter(ctx);
      ctx.json(IdentityViews.collection(ctx, "projects", admin.projects(ctx.queryParam("name")).stream()
          .filter(p -> enabled == null || p.enabled() == enabled).map(p -> IdentityViews.project(ctx, p)).toList()));
    }, Access.to(Action.IDENTITY_PROJECT_LIST));
    app.post(BASE, this::create, Access.to(Action.IDENTITY_PROJECT_CREATE));
    app.get(BASE + "/{id}", ctx -> ctx.json(Map.of("project", IdentityViews.project(ctx, visible(ctx)))),
        Access.to(Action.IDENTITY_PROJECT_SHOW));
    app.delete(BASE + "/{id}", ctx -> {
      admin.deleteProject(ctx.pathParam("id"));
      ctx.status(204);
    }, Access.to(Action.IDENTITY_PROJECT_DELETE));
  }

  /** The project named, if the caller is an administrator or scoped to it. */
  private Project visible(Context ctx) {
    Token token = ApiServer.token(ctx);
    String id = ctx.pathParam("id");
    if (!token.isAdmin() && !token.project().id().equals(id)) {
      throw new NotFoundException("Could not find project: " + id + ".");
    }
    return admin.project(id);
  }

  private void create(Context ctx) {
    JsonNode body = JsonBodies.resource(ctx, "project");
    JsonBodies.onlyKnown(body, "project", FIELDS);
    IdentityBodies.emptyOrNull(body, "options", "project options are not kept here");
    IdentityBodies.emptyOrNull(body, "tags", "project tags are not kept here");
    String parent = JsonBodies.text(body, "parent_id");
    String domain = JsonBodies.text(body, "domain_id");
    if (parent != null && !parent.equals(domain == null ? "default" : domain)) {
      throw new org.vdpacompute.core.InvalidValueException("projects here are not nested: 'parent_id' may only be the domain");
    }
    if (Boolean.TRUE.equals(JsonBodies.bool(body, "is_domain"))) {
      throw new org.vdpacompute.core.InvalidValueException("this cloud has one domain; a project cannot be another");
    }
    Project p = admin.createProject(new IdentityAdmin.ProjectRequest(JsonBodies.text(body, "name"), domain,
        JsonBodies.text(body, "description"), JsonBodies.bool(body, "enabled")));
    ctx.status(201).json(Map.of("project", IdentityViews.project(ctx, p)));
  }
}

package org.vdpacompute.api.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.api.http.Routes;
import org.vdpacompute.controller.identity.Assignment;
import org.vdpacompute.controller.identity.IdentityAdmin;
import org.vdpacompute.controller.identity.Project;
import org.vdpacompute.controller.identity.RoleDefinition;
import org.vdpacompute.controller.identity.User;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;

/**
 * {@code /v3/roles}, the roles users have on projects ({@code /v3/projects/P/users/U/roles/R}) and
 * {@code /v3/role_assignments}, for administrators, as Keystone. Assignments are made to users on
 * projects only: this cloud has no groups, no domain or system assignments and no inheritance, so
 * a list asked for those is empty, and an effective list is the list itself.
 */
final class RolesResource implements Routes {
  private static final String ROLES = IdentityViews.V3 + "/roles";
  private static final String GRANTS = IdentityViews.V3 + "/projects/{project}/users/{user}/roles";
  private static final Set<String> FIELDS = Set.of("name", "description", "domain_id", "options");

  private final IdentityAdmin admin;

  RolesResource(IdentityAdmin admin) {
    this.admin = admin;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(ROLES, ctx -> {
      if (ctx.queryParam("domain_id") != null) {
        // Domain-specific roles: this cloud has none.
        ctx.json(IdentityViews.collection(ctx, "roles", List.of()));
        return;
      }
      ctx.json(IdentityViews.collection(ctx, "roles",
          admin.roles(ctx.queryParam("name")).stream().map(r -> IdentityViews.role(ctx, r)).toList()));
    }, Access.to(Action.IDENTITY_ROLE_LIST));
    app.post(ROLES, this::create, Access.to(Action.IDENTITY_ROLE_CREATE));
    app.get(ROLES + "/{id}", ctx -> ctx.json(Map.of("role", IdentityViews.role(ctx, admin.role(ctx.pathParam("id"))))),
        Access.to(Action.IDENTITY_ROLE_SHOW));
    app.delete(ROLES + "/{id}", ctx -> {
      admin.deleteRole(ctx.pathParam("id"));
      ctx.status(204);
    }, Access.to(Action.IDENTITY_ROLE_DELETE));

    app.get(GRANTS, ctx -> {
      Project p = admin.project(ctx.pathParam("project"));
      User u = admin.user(ctx.pathParam("user"));
      List<Map<String, Object>> roles = new ArrayList<>();
      for (Assignment a : admin.assignments(u.id(), p.id(), null)) {
        admin.roleNamed(a.roleName()).ifPresent(r -> roles.add(IdentityViews.role(ctx, r)));
      }
      ctx.json(IdentityViews.collection(ctx, "roles", roles));
    }, Access.to(Action.IDENTITY_GRANT_LIST));
    app.put(GRANTS + "/{role}", ctx -> {
      admin.grant(ctx.pathParam("project"), ctx.pathParam("user"), ctx.pathParam("role"));
      ctx.status(204);
    }, Access.to(Action.IDENTITY_GRANT_CREATE));
    app.head(GRANTS + "/{role}", ctx -> {
      admin.checkGrant(ctx.pathParam("project"), ctx.pathParam("user"), ctx.pathParam("role"));
      ctx.status(204);
    }, Access.to(Action.IDENTITY_GRANT_CHECK));
    app.get(GRANTS + "/{role}", ctx -> {
      admin.checkGrant(ctx.pathParam("project"), ctx.pathParam("user"), ctx.pathParam("role"));
      ctx.status(204);
    }, Access.to(Action.IDENTITY_GRANT_CHECK));
    app.delete(GRANTS + "/{role}", ctx -> {
      admin.revoke(ctx.pathParam("project"), ctx.pathParam("user"), ctx.pathParam("role"));
      ctx.status(204);
    }, Access.to(Action.IDENTITY_GRANT_REVOKE));

    app.get(IdentityViews.V3 + "/role_assignments", this::assignments, Access.to(Action.IDENTITY_ROLE_ASSIGNMENTS));
  }

  private void create(Context ctx) {
    JsonNode body = JsonBodies.resource(ctx, "role");
    JsonBodies.onlyKnown(body, "role", FIELDS);
    IdentityBodies.emptyOrNull(body, "options", "role options are not kept here");
    if (JsonBodies.text(body, "domain_id") != null) {
      throw new InvalidValueException("this cloud's roles are global: leave 'domain_id' out");
    }
    RoleDefinition r = admin.createRole(JsonBodies.text(body, "name"), JsonBodies.text(body, "description"));
    ctx.status(201).json(Map.of("role", IdentityViews.role(ctx, r)));
  }

  /** Keystone's list: filtered by user, project and role; with names when {@code include_names} is given. */
  private void assignments(Context ctx) {
    boolean none = ctx.queryParam("group.id") != null || ctx.queryParam("scope.domain.id") != null
        || ctx.queryParam("scope.system") != null || ctx.queryParam("scope.OS-INHERIT:inherited_to") != null;
    boolean names = isSet(ctx.queryParam("include_names"));
    List<Map<String, Object>> out = new ArrayList<>();
    if (!none) {
      Map<String, Optional<User>> users = new HashMap<>();
      Map<String, Optional<Project>> projects = new HashMap<>();
      for (Assignment a : admin.assignments(ctx.queryParam("user.id"), ctx.queryParam("scope.project.id"),
          ctx.queryParam("role.id"))) {
        Optional<RoleDefinition> role = admin.roleNamed(a.roleName());
        if (role.isEmpty()) continue;
        Optional<User> user = users.computeIfAbsent(a.userId(), id -> find(() -> admin.user(id)));
        Optional<Project> project = projects.computeIfAbsent(a.projectId(), id -> find(() -> admin.project(id)));
        if (user.isEmpty() || project.isEmpty()) continue;
        out.add(assignment(ctx, role.get(), user.get(), project.get(), names));
      }
    }
    ctx.json(IdentityViews.collection(ctx, "role_assignments", out));
  }

  private static Map<String, Object> assignment(Context ctx, RoleDefinition r, User u, Project p, boolean names) {
    Map<String, Object> role = new LinkedHashMap<>();
    role.put("id", r.id());
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", u.id());
    Map<String, Object> project = new LinkedHashMap<>();
    project.put("id", p.id());
    if (names) {
      role.put("name", r.name());
      user.put("name", u.name());
      user.put("domain", IdentityViews.domainRef());
      project.put("name", p.name());
      project.put("domain", IdentityViews.domainRef());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("user", user);
    m.put("scope", Map.of("project", project));
    m.put("links", Map.of("assignment", IdentityViews.url(ctx, "/projects/" + p.id() + "/users/" + u.id() + "/roles/" + r.id())));
    return m;
  }

  /** A user or project that went while the list was read is left out of it. */
  private static <T> Optional<T> find(java.util.function.Supplier<T> lookup) {
    try {
      return Optional.of(lookup.get());
    } catch (NotFoundException gone) {
      return Optional.empty();
    }
  }

  /** Keystone's query flags: present and not false. */
  private static boolean isSet(String v) {
    return v != null && !(v.equalsIgnoreCase("false") || v.equals("0"));
  }
}

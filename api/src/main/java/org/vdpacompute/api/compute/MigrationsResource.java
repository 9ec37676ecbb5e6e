package org.vdpacompute.api.compute;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.MigrationStore;
import org.vdpacompute.controller.policy.Action;

/** {@code os-migrations}, admin only: every move of every server, newest first, with Nova's filters. */
public final class MigrationsResource implements ComputeRoutes {
  private static final String BASE = ComputeApi.V21 + "/os-migrations";

  private final MigrationStore migrations;

  public MigrationsResource(MigrationStore migrations) {
    this.migrations = migrations;
  }

  @Override
  public void addRoutes(Javalin app) {
    app.get(BASE, ctx -> {
      List<Migration> list = migrations.all().stream()
          .filter(m -> matches(ctx.queryParam("instance_uuid"), m.instanceUuid()))
          .filter(m -> matches(ctx.queryParam("status"), m.status().apiName()))
          .filter(m -> matches(ctx.queryParam("migration_type"), m.type().apiName()))
          .filter(m -> ctx.queryParam("host") == null || ctx.queryParam("host").equals(m.sourceHost())
              || ctx.queryParam("host").equals(m.destHost()))
          .toList();
      ctx.json(Map.of("migrations", list.stream().map(m -> render(ctx, m)).toList()));
    }, Access.to(Action.MIGRATIONS_LIST));
  }

  private static boolean matches(String wanted, String value) {
    return wanted == null || wanted.equalsIgnoreCase(value);
  }

  static Map<String, Object> render(Context ctx, Migration m) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", m.id());
    r.put("source_node", m.sourceHost());
    r.put("source_compute", m.sourceHost());
    r.put("dest_node", m.destHost());
    r.put("dest_compute", m.destHost());
    r.put("dest_host", m.destHost() == null ? null : "127.0.0.1");
    r.put("source_region", "RegionOne");
    r.put("dest_region", "RegionOne");
    r.put("status", m.status().apiName());
    r.put("instance_uuid", m.instanceUuid());
    r.put("old_instance_type_id", m.oldFlavor().id());
    r.put("new_instance_type_id", m.newFlavor().id());
    r.put("created_at", ServerViews.time(m.createdAt()).replace("Z", ".000000"));
    r.put("updated_at", ServerViews.time(m.updatedAt()).replace("Z", ".000000"));
    if (ComputeApi.of(ctx).isAtLeast(2, 23)) r.put("migration_type", m.type().apiName());
    if (ComputeApi.of(ctx).isAtLeast(2, 59)) r.put("uuid", m.uuid());
    return r;
  }
}

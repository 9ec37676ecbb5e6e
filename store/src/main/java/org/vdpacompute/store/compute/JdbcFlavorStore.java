package org.vdpacompute.store.compute;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.FlavorStore;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.store.ConstraintViolation;
import org.vdpacompute.store.Database;

/** Flavors, extra specs and the projects private flavors are shared with, in the database. */
public final class JdbcFlavorStore implements FlavorStore {
  private static final String COLUMNS =
      "id, name, vcpus, ram_mb, disk_gb, ephemeral_gb, swap_mb, rxtx_factor, is_public, description";

  private final Database db;

  public JdbcFlavorStore(Database db) {
    this.db = db;
  }

  @Override
  public void insert(Flavor f) {
    try {
      db.useTransaction(h -> {
        h.createUpdate("INSERT INTO flavors (" + COLUMNS + ") VALUES "
                + "(:id, :name, :vcpus, :ram, :disk, :ephemeral, :swap, :rxtx, :public, :description)")
            .bind("id", f.id()).bind("name", f.name()).bind("vcpus", f.vcpus()).bind("ram", f.ramMb())
            .bind("disk", f.diskGb()).bind("ephemeral", f.ephemeralGb()).bind("swap", f.swapMb())
            .bind("rxtx", f.rxtxFactor()).bind("public", f.isPublic()).bind("description", f.description()).execute();
        putSpecs(h, f.id(), f.extraSpecs());
      });
    } catch (RuntimeException e) {
      if (ConstraintViolation.isUnique(e)) {
        throw new ConflictException("Flavor with ID " + f.id() + " or name " + f.name() + " already exists.");
      }
      throw e;
    }
  }

  @Override
  public Optional<Flavor> flavor(String id) {
    return db.inTransaction(h -> first(h, "WHERE id = :v", id));
  }

  @Override
  public Optional<Flavor> byName(String name) {
    return db.inTransaction(h -> first(h, "WHERE name = :v", name));
  }

  @Override
  public List<Flavor> flavors(boolean includePrivate) {
    return db.inTransaction(h -> {
      List<Flavor> rows = h.createQuery("SELECT " + COLUMNS + " FROM flavors"
              + (includePrivate ? "" : " WHERE is_public = TRUE") + " ORDER BY id")
          .map((rs, ctx) -> row(rs)).list();
      Map<String, Map<String, String>> specs = new HashMap<>();
      h.createQuery("SELECT flavor_id, spec_key, spec_value FROM flavor_extra_specs")
          .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
          .forEach(r -> specs.computeIfAbsent(r[0], k -> new HashMap<>()).put(r[1], r[2]));
      List<Flavor> flavors = new ArrayList<>(rows.size());
      for (Flavor f : rows) flavors.add(f.withExtraSpecs(specs.getOrDefault(f.id(), Map.of())));
      return flavors;
    });
  }

  @Override
  public void setExtraSpecs(String flavorId, Map<String, String> specs) {
    db.useTransaction(h -> putSpecs(h, flavorId, specs));
  }

  @Override
  public void deleteExtraSpec(String flavorId, String key) {
    db.useTransaction(h -> h.createUpdate("DELETE FROM flavor_extra_specs WHERE flavor_id = :f AND spec_key = :k")
        .bind("f", flavorId).bind("k", key).execute());
  }

  @Override
  public void delete(String id) {
    db.useTransaction(h -> h.createUpdate("DELETE FROM flavors WHERE id = :id").bind("id", id).execute());
  }

  @Override
  public List<String> projectsWithAccess(String flavorId) {
    return db.inTransaction(h -> h.createQuery("SELECT project_id FROM flavor_projects WHERE flavor_id = :f ORDER BY project_id")
        .bind("f", flavorId).mapTo(String.class).list());
  }

  @Override
  public java.util.Set<String> sharedWith(String projectId) {
    return db.inTransaction(h -> java.util.Set.copyOf(h.createQuery("SELECT flavor_id FROM flavor_projects WHERE project_id = :p")
        .bind("p", projectId).mapTo(String.class).list()));
  }

  @Override
  public void addAccess(String flavorId, String projectId) {
    try {
      db.useTransaction(h -> h.createUpdate("INSERT INTO flavor_projects (flavor_id, project_id) VALUES (:f, :p)")
          .bind("f", flavorId).bind("p", projectId).execute());
    } catch (RuntimeException e) {
      if (ConstraintViolation.isUnique(e)) {
        throw new ConflictException("Flavor access already exists for flavor " + flavorId + " and project " + projectId
            + " combination.");
      }
      throw e;
    }
  }

  @Override
  public boolean removeAccess(String flavorId, String projectId) {
    return db.inTransaction(h -> h.createUpdate("DELETE FROM flavor_projects WHERE flavor_id = :f AND project_id = :p")
        .bind("f", flavorId).bind("p", projectId).execute()) == 1;
  }

  private static void putSpecs(Handle h, String flavorId, Map<String, String> specs) {
    for (Map.Entry<String, String> e : specs.entrySet()) {
      h.createUpdate("DELETE FROM flavor_extra_specs WHERE flavor_id = :f AND spec_key = :k")
          .bind("f", flavorId).bind("k", e.getKey()).execute();
      h.createUpdate("INSERT INTO flavor_extra_specs (flavor_id, spec_key, spec_value) VALUES (:f, :k, :v)")
          .bind("f", flavorId).bind("k", e.getKey()).bind("v", e.getValue()).execute();
    }
  }

  private static Optional<Flavor> first(Handle h, String where, String value) {
    return h.createQuery("SELECT " + COLUMNS + " FROM flavors " + where).bind("v", value)
        .map((rs, ctx) -> row(rs)).findOne()
        .map(f -> f.withExtraSpecs(h.createQuery("SELECT spec_key, spec_value FROM flavor_extra_specs WHERE flavor_id = :f")
            .bind("f", f.id()).setMapKeyColumn("spec_key").setMapValueColumn("spec_value")
            .collectInto(new org.jdbi.v3.core.generic.GenericType<Map<String, String>>() {})));
  }

  private static Flavor row(ResultSet rs) throws SQLException {
    return new Flavor(rs.getString("id"), rs.getString("name"), rs.getInt("vcpus"), rs.getInt("ram_mb"),
        rs.getInt("disk_gb"), rs.getInt("ephemeral_gb"), rs.getInt("swap_mb"), rs.getDouble("rxtx_factor"),
        rs.getBoolean("is_public"), rs.getString("description"), Map.of());
  }
}

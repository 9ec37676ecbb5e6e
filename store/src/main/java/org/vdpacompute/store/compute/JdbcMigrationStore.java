package org.vdpacompute.store.compute;

import static org.vdpacompute.store.SqlValues.instant;
import static org.vdpacompute.store.SqlValues.json;
import static org.vdpacompute.store.SqlValues.utc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Update;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.MigrationStore;
import org.vdpacompute.store.Database;

/** Moves of servers in the database; updates are a compare-and-set on the revision. */
public final class JdbcMigrationStore implements MigrationStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS = "id, uuid, instance_uuid, migration_type, status, source_host, dest_host, "
      + "old_flavor_json, new_flavor_json, source_cells_json, dest_cells_json, project_id, user_id, created_at, updated_at, revision";
  private static final String FINAL = "('confirmed', 'reverted', 'completed', 'done', 'error', 'failed')";

  private static final TypeReference<List<Integer>> CELLS = new TypeReference<>() {};

  private final Database db;

  public JdbcMigrationStore(Database db) {
    this.db = db;
  }

  @Override
  public Migration insert(Migration m) {
    long id = db.inTransaction(h -> bind(h.createUpdate("INSERT INTO migrations (uuid, instance_uuid, migration_type, "
        + "status, source_host, dest_host, old_flavor_json, new_flavor_json, source_cells_json, dest_cells_json, project_id, user_id, "
        + "created_at, updated_at, revision) VALUES (:uuid, :instance, :type, :status, :source, :dest, :oldFlavor, "
        + ":newFlavor, :sourceCells, :cells, :project, :user, :created, :updated, :revision)"), m)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    return new Migration(id, m.uuid(), m.instanceUuid(), m.type(), m.status(), m.sourceHost(), m.destHost(), m.oldFlavor(),
        m.newFlavor(), m.sourceCells(), m.destCells(), m.projectId(), m.userId(), m.createdAt(), m.updatedAt(), m.revision());
  }

  @Override
  public Optional<Migration> migration(String uuid) {
    return db.inTransaction(h -> h.createQuery("SELECT " + COLUMNS + " FROM migrations WHERE uuid = :uuid")
        .bind("uuid", uuid).map((rs, ctx) -> row(rs)).findOne());
  }

  @Override
  public List<Migration> ofInstance(String instanceUuid) {
    return db.inTransaction(h -> h.createQuery("SELECT " + COLUMNS + " FROM migrations WHERE instance_uuid = :instance "
        + "ORDER BY id DESC").bind("instance", instanceUuid).map((rs, ctx) -> row(rs)).list());
  }

  @Override
  public List<Migration> all() {
    return db.inTransaction(h -> h.createQuery("SELECT " + COLUMNS + " FROM migrations ORDER BY id DESC")
        .map((rs, ctx) -> row(rs)).list());
  }

  @Override
  public List<Migration> unsettled() {
    return db.inTransaction(h -> h.createQuery("SELECT " + COLUMNS + " FROM migrations WHERE status NOT IN " + FINAL
        + " ORDER BY id").map((rs, ctx) -> row(rs)).list());
  }

  @Override
  public boolean update(Migration m) {
    return db.inTransaction(h -> bind(h.createUpdate("UPDATE migrations SET status = :status, source_host = :source, "
        + "dest_host = :dest, dest_cells_json = :cells, updated_at = :updated, revision = :revision "
        + "WHERE uuid = :uuid AND revision = :expected"), m).bind("expected", m.revision() - 1).execute()) == 1;
  }

  private static Update bind(Update u, Migration m) {
    return u.bind("uuid", m.uuid()).bind("instance", m.instanceUuid()).bind("type", m.type().apiName())
        .bind("status", m.status().apiName()).bind("source", m.sourceHost()).bind("dest", m.destHost())
        .bind("oldFlavor", json(m.oldFlavor())).bind("newFlavor", json(m.newFlavor())).bind("sourceCells", json(m.sourceCells())).bind("cells", json(m.destCells()))
        .bind("project", m.projectId()).bind("user", m.userId()).bind("created", utc(m.createdAt()))
        .bind("updated", utc(m.updatedAt())).bind("revision", m.revision());
  }

  private static Migration row(ResultSet rs) throws SQLException {
    try {
      return new Migration(rs.getLong("id"), rs.getString("uuid"), rs.getString("instance_uuid"),
          Migration.Type.fromApiName(rs.getString("migration_type")), Migration.Status.fromApiName(rs.getString("status")),
          rs.getString("source_host"), rs.getString("dest_host"),
          JSON.readValue(rs.getString("old_flavor_json"), Flavor.class),
          JSON.readValue(rs.getString("new_flavor_json"), Flavor.class),
          JSON.readValue(rs.getString("source_cells_json"), CELLS), JSON.readValue(rs.getString("dest_cells_json"), CELLS),
          rs.getString("project_id"), rs.getString("user_id"), instant(rs, "created_at"), instant(rs, "updated_at"),
          rs.getLong("revision"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("migration " + rs.getString("uuid") + " cannot be read", e);
    }
  }
}

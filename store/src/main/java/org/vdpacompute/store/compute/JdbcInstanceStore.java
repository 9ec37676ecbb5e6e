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
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.statement.Update;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.store.ConstraintViolation;
import org.vdpacompute.store.Database;

/** Servers in the database; updates are a compare-and-set on the revision. */
public final class JdbcInstanceStore implements InstanceStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS = "uuid, name, project_id, user_id, flavor_json, image_id, port_ids_json, created_port_ids_json, host, "
      + "vm_state, task_state, fault_code, fault_message, fault_details, fault_created, guest_cells_json, created_at, updated_at, "
      + "launched_at, revision";

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Database db;

  public JdbcInstanceStore(Database db) {
    this.db = db;
  }

  @Override
  public void insert(Instance i) {
    try {
      db.useTransaction(h -> bind(h.createUpdate("INSERT INTO instances (" + COLUMNS + ") VALUES (:uuid, :name, "
          + ":project, :user, :flavor, :image, :ports, :createdPorts, :host, :vm, :task, :faultCode, :faultMessage, :faultDetails, :faultCreated, "
          + ":cells, :created, :updated, :launched, :revision)"), i).execute());
    } catch (RuntimeException e) {
      if (ConstraintViolation.isUnique(e)) throw new ConflictException("server " + i.uuid() + " already exists");
      throw e;
    }
  }

  @Override
  public Optional<Instance> instance(String uuid) {
    return db.inTransaction(h -> h.createQuery("SELECT " + COLUMNS + " FROM instances WHERE uuid = :uuid AND vm_state <> 'deleted'")
        .bind("uuid", uuid).map((rs, ctx) -> row(rs)).findOne());
  }

  @Override
  public List<Instance> instances(String projectId) {
    return db.inTransaction(h -> h.createQuery("SELECT " + COLUMNS + " FROM instances WHERE vm_state <> 'deleted'"
            + " AND (:project IS NULL OR project_id = :project) ORDER BY created_at DESC, uuid")
        .bind("project", projectId).map((rs, ctx) -> row(rs)).list());
  }

  @Override
  public List<Instance> existedBetween(java.time.Instant start, java.time.Instant stop, String projectId) {
    return db.inTransaction(h -> h.createQuery("SELECT " + COLUMNS + " FROM instances WHERE created_at <= :stop"
            + " AND (vm_state <> 'deleted' OR updated_at >= :start) AND (:project IS NULL OR project_id = :project)"
            + " ORDER BY created_at, uuid")
        .bind("start", utc(start)).bind("stop", utc(stop)).bind("project", projectId).map((rs, ctx) -> row(rs)).list());
  }

  @Override
  public List<Instance> onHost(String host) {
    return db.inTransaction(h -> h.createQuery("SELECT " + COLUMNS + " FROM instances WHERE host = :host "
            + "AND vm_state <> 'deleted' ORDER BY uuid")
        .bind("host", host).map((rs, ctx) -> row(rs)).list());
  }

  @Override
  public boolean update(Instance i) {
    return db.inTransaction(h -> bind(h.createUpdate("UPDATE instances SET project_id = :project, "
        + "user_id = :user, flavor_json = :flavor, image_id = :image, port_ids_json = :ports, "
        + "created_port_ids_json = :createdPorts, host = :host, "
        + "vm_state = :vm, task_state = :task, fault_code = :faultCode, fault_message = :faultMessage, fault_details = :faultDetails, "
        + "fault_created = :faultCreated, guest_cells_json = :cells, created_at = :created, updated_at = :updated, "
        + "launched_at = :launched, revision = :revision WHERE uuid = :uuid AND revision = :expected"), i)
        .bind("expected", i.revision() - 1).execute()) == 1;
  }

  @Override
  public boolean rename(String uuid, String name, java.time.Instant now) {
    return db.inTransaction(h -> h.createUpdate("UPDATE instances SET name = :name, updated_at = :now "
        + "WHERE uuid = :uuid AND vm_state <> 'deleted'").bind("name", name).bind("now", utc(now)).bind("uuid", uuid)
        .execute()) == 1;
  }

  private static Update bind(Update u, Instance i) {
    return u.bind("uuid", i.uuid()).bind("name", i.name()).bind("project", i.projectId()).bind("user", i.userId())
        .bind("flavor", json(i.flavor())).bind("image", i.imageId()).bind("ports", json(i.portIds()))
        .bind("createdPorts", json(i.createdPortIds()))
        .bind("host", i.host()).bind("vm", i.vmState().apiName())
        .bind("task", i.taskState() == null ? null : i.taskState().apiName())
        .bind("faultCode", i.fault() == null ? null : i.fault().code())
        .bind("faultMessage", i.fault() == null ? null : i.fault().message())
        .bind("faultDetails", i.fault() == null ? null : i.fault().details())
        .bind("faultCreated", i.fault() == null ? null : utc(i.fault().created()))
        .bind("cells", json(i.guestCells())).bind("created", utc(i.createdAt())).bind("updated", utc(i.updatedAt()))
        .bind("launched", utc(i.launchedAt())).bind("revision", i.revision());
  }

  private static Instance row(ResultSet rs) throws SQLException {
    try {
      String task = rs.getString("task_state");
      Integer faultCode = (Integer) rs.getObject("fault_code");
      Instance.Fault fault = faultCode == null ? null
          : new Instance.Fault(faultCode, rs.getString("fault_message"), rs.getString("fault_details"),
              instant(rs, "fault_created"));
      return new Instance(rs.getString("uuid"), rs.getString("name"), rs.getString("project_id"), rs.getString("user_id"),
          JSON.readValue(rs.getString("flavor_json"), Flavor.class), rs.getString("image_id"),
          JSON.readValue(rs.getString("port_ids_json"), STRINGS),
          JSON.readValue(rs.getString("created_port_ids_json"), STRINGS), rs.getString("host"),
          VmState.valueOf(rs.getString("vm_state").toUpperCase(Locale.ROOT)),
          task == null ? null : TaskState.valueOf(task.toUpperCase(Locale.ROOT)), fault,
          JSON.readValue(rs.getString("guest_cells_json"), new TypeReference<List<Integer>>() {}),
          instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "launched_at"), rs.getLong("revision"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("server " + rs.getString("uuid") + " cannot be read", e);
    }
  }
}

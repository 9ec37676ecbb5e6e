package org.vdpacompute.store.compute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServiceStore;
import org.vdpacompute.store.Database;

/** Compute service records and their hosts' latest reports in the database. */
public final class JdbcComputeServiceStore implements ComputeServiceStore {
  private static final String COLUMNS = "id, host, version, disabled, disabled_reason, forced_down, last_seen_at, "
      + "created_at, agent_url, heartbeat_interval, registrations";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Database db;

  public JdbcComputeServiceStore(Database db) {
    this.db = db;
  }

  @Override
  public ComputeService register(HostReport report, Instant now, String newId) {
    String json = json(report);
    return db.inTransaction(h -> {
      db.noteSharedChange();
      int updated = h.createUpdate("UPDATE compute_services SET version = :v, last_seen_at = :now, agent_url = :url, "
              + "heartbeat_interval = :beat, registrations = registrations + 1 WHERE host = :host")
          .bind("beat", report.heartbeatIntervalSeconds()).bind("v", report.serviceVersion()).bind("now", now)
          .bind("url", report.agentUrl()).bind("host", report.host()).execute();
      if (updated == 0) {
        h.createUpdate("INSERT INTO compute_services (" + COLUMNS + ") VALUES "
                + "(:id, :host, :v, FALSE, NULL, FALSE, :now, :now, :url, :beat, 1)")
            .bind("beat", report.heartbeatIntervalSeconds()).bind("id", newId).bind("host", report.host())
            .bind("v", report.serviceVersion()).bind("now", now).bind("url", report.agentUrl()).execute();
        h.createUpdate("INSERT INTO compute_service_reports (host, report_json) VALUES (:host, :json)")
            .bind("host", report.host()).bind("json", json).execute();
      } else {
        h.createUpdate("UPDATE compute_service_reports SET report_json = :json WHERE host = :host")
            .bind("host", report.host()).bind("json", json).execute();
      }
      return find(h, "host", report.host()).orElseThrow();
    });
  }

  @Override
  public void heartbeats(Map<String, Instant> lastBeats) {
    if (lastBeats.isEmpty()) return;
    db.useTransaction(h -> {
      db.noteSharedChange();
      PreparedBatch batch = h.prepareBatch(
          "UPDATE compute_services SET last_seen_at = :now WHERE host = :host AND last_seen_at < :now");
      // In host order, so that two controllers writing beats at once take the rows' locks in one order.
      new TreeMap<>(lastBeats).forEach((host, now) -> batch.bind("now", now).bind("host", host).add());
      batch.execute();
    });
  }

  @Override
  public Optional<ComputeService> service(String host) {
    return db.inTransaction(h -> find(h, "host", host));
  }

  @Override
  public Optional<ComputeService> serviceById(String id) {
    return db.inTransaction(h -> find(h, "id", id));
  }

  @Override
  public List<ComputeService> services() {
    return db.inTransaction(h -> h.createQuery("SELECT " + COLUMNS + " FROM compute_services ORDER BY host")
        .map((rs, ctx) -> row(rs)).list());
  }

  @Override
  public void update(ComputeService s) {
    db.useTransaction(h -> {
      db.noteSharedChange();
      h.createUpdate("UPDATE compute_services SET disabled = :d, disabled_reason = :r, forced_down = :f WHERE id = :id")
          .bind("d", s.disabled()).bind("r", s.disabledReason()).bind("f", s.forcedDown()).bind("id", s.id()).execute();
    });
  }

  @Override
  public Optional<HostReport> report(String host) {
    return db.inTransaction(h -> h.createQuery("SELECT report_json FROM compute_service_reports WHERE host = :host")
        .bind("host", host).mapTo(String.class).findOne()).map(JdbcComputeServiceStore::parse);
  }

  private static Optional<ComputeService> find(Handle h, String column, String value) {
    return h.createQuery("SELECT " + COLUMNS + " FROM compute_services WHERE " + column + " = :v").bind("v", value)
        .map((rs, ctx) -> row(rs)).findOne();
  }

  private static ComputeService row(ResultSet rs) throws SQLException {
    return new ComputeService(rs.getString("id"), rs.getString("host"), rs.getInt("version"), rs.getBoolean("disabled"),
        rs.getString("disabled_reason"), rs.getBoolean("forced_down"),
        rs.getObject("last_seen_at", OffsetDateTime.class).toInstant(),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("agent_url"),
        rs.getInt("heartbeat_interval"), rs.getLong("registrations"));
  }

  private static String json(HostReport report) {
    try {
      return JSON.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report of host " + report.host(), e);
    }
  }

  private static HostReport parse(String json) {
    try {
      return JSON.readValue(json, HostReport.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored host report cannot be read: " + e.getOriginalMessage(), e);
    }
  }
}

package org.vdpacompute.store.compute;

import static org.vdpacompute.store.SqlValues.instant;
import static org.vdpacompute.store.SqlValues.utc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.InstanceActionStore;
import org.vdpacompute.store.Database;

/** The actions asked of servers, and their events, in the database. */
public final class JdbcInstanceActionStore implements InstanceActionStore {
  private final Database db;

  public JdbcInstanceActionStore(Database db) {
    this.db = db;
  }

  @Override
  public InstanceAction insert(InstanceAction a) {
    long id = db.inTransaction(h -> h.createUpdate("INSERT INTO instance_actions (instance_uuid, action, request_id, "
            + "project_id, user_id, start_time, updated_at, message) VALUES (:instance, :action, :request, :project, :user, "
            + ":start, :updated, :message)")
        .bind("instance", a.instanceUuid()).bind("action", a.action()).bind("request", a.requestId())
        .bind("project", a.projectId()).bind("user", a.userId()).bind("start", utc(a.startTime()))
        .bind("updated", utc(a.updatedAt())).bind("message", a.message())
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    return new InstanceAction(id, a.instanceUuid(), a.action(), a.requestId(), a.projectId(), a.userId(), a.startTime(),
        a.updatedAt(), a.message(), List.of());
  }

  @Override
  public void addEvent(long actionId, InstanceAction.Event e) {
    db.useTransaction(h -> {
      h.createUpdate("INSERT INTO instance_action_events (action_id, event, host, start_time, finish_time, result, traceback) "
              + "VALUES (:action, :event, :host, :start, :finish, :result, :traceback)")
          .bind("action", actionId).bind("event", e.event()).bind("host", e.host()).bind("start", utc(e.startTime()))
          .bind("finish", utc(e.finishTime())).bind("result", e.result()).bind("traceback", e.traceback()).execute();
      h.createUpdate("UPDATE instance_actions SET updated_at = :now"
              + (("Error".equals(e.result())) ? ", message = 'Error'" : "") + " WHERE id = :action")
          .bind("now", utc(e.finishTime() == null ? e.startTime() : e.finishTime())).bind("action", actionId).execute();
    });
  }

  @Override
  public List<InstanceAction> ofInstance(String instanceUuid) {
    return db.inTransaction(h -> withEvents(h, h.createQuery("SELECT * FROM instance_actions WHERE instance_uuid = :instance "
        + "ORDER BY start_time DESC, id DESC").bind("instance", instanceUuid)
        .map((rs, ctx) -> new InstanceAction(rs.getLong("id"), rs.getString("instance_uuid"), rs.getString("action"),
            rs.getString("request_id"), rs.getString("project_id"), rs.getString("user_id"), instant(rs, "start_time"),
            instant(rs, "updated_at"), rs.getString("message"), List.of())).list()));
  }

  @Override
  public Optional<InstanceAction> byRequest(String instanceUuid, String requestId) {
    return ofInstance(instanceUuid).stream().filter(a -> a.requestId().equals(requestId)).findFirst();
  }

  private static List<InstanceAction> withEvents(Handle h, List<InstanceAction> actions) {
    if (actions.isEmpty()) return actions;
    Map<Long, List<InstanceAction.Event>> events = new LinkedHashMap<>();
    h.createQuery("SELECT * FROM instance_action_events WHERE action_id IN (<ids>) ORDER BY start_time, id")
        .bindList("ids", actions.stream().map(InstanceAction::id).toList())
        .map((rs, ctx) -> {
          events.computeIfAbsent(rs.getLong("action_id"), k -> new ArrayList<>()).add(new InstanceAction.Event(
              rs.getString("event"), rs.getString("host"), instant(rs, "start_time"), instant(rs, "finish_time"),
              rs.getString("result"), rs.getString("traceback")));
          return 0;
        }).list();
    return actions.stream().map(a -> new InstanceAction(a.id(), a.instanceUuid(), a.action(), a.requestId(), a.projectId(),
        a.userId(), a.startTime(), a.updatedAt(), a.message(), events.getOrDefault(a.id(), List.of()))).toList();
  }
}

package org.vdpacompute.store.compute;

import java.util.HashMap;
import java.util.Map;
import org.vdpacompute.controller.placement.PeerChangeStore;
import org.vdpacompute.store.Database;

/** Each controller's count of committed shared changes, one row per running controller. */
public final class JdbcPeerChangeStore implements PeerChangeStore {
  private final Database db;

  public JdbcPeerChangeStore(Database db) {
    this.db = db;
  }

  @Override
  public void publish(String controllerId, long changes) {
    db.useTransaction(h -> {
      int updated = h.createUpdate("UPDATE controller_changes SET changes = :changes WHERE controller_id = :id")
          .bind("changes", changes).bind("id", controllerId).execute();
      if (updated == 0) {
        h.createUpdate("INSERT INTO controller_changes (controller_id, changes) VALUES (:id, :changes)")
            .bind("id", controllerId).bind("changes", changes).execute();
      }
    });
  }

  @Override
  public Map<String, Long> counts() {
    return db.inTransaction(h -> {
      Map<String, Long> counts = new HashMap<>();
      h.createQuery("SELECT controller_id, changes FROM controller_changes")
          .map((rs, ctx) -> Map.entry(rs.getString("controller_id"), rs.getLong("changes")))
          .forEach(e -> counts.put(e.getKey(), e.getValue()));
      return counts;
    });
  }

  @Override
  public void forget(String controllerId) {
    db.useTransaction(h -> h.createUpdate("DELETE FROM controller_changes WHERE controller_id = :id")
        .bind("id", controllerId).execute());
  }
}

package org.vdpacompute.store.compute;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.vdpacompute.controller.model.ServerMetadataStore;
import org.vdpacompute.store.Database;

/** Servers' metadata in the database, one row per key. */
public final class JdbcServerMetadataStore implements ServerMetadataStore {
  /** Servers read in one {@code IN} list: a page of servers. */
  private static final int IDS_PER_QUERY = 1000;

  private final Database db;

  public JdbcServerMetadataStore(Database db) {
    this.db = db;
  }

  @Override
  public Map<String, String> metadata(String instanceUuid) {
    return db.inTransaction(h -> {
      Map<String, String> items = new TreeMap<>();
      h.createQuery("SELECT meta_key, meta_value FROM instance_metadata WHERE instance_uuid = :u").bind("u", instanceUuid)
          .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).forEach(e -> items.put(e.getKey(), e.getValue()));
      return items;
    });
  }

  @Override
  public Map<String, Map<String, String>> metadata(Collection<String> instanceUuids) {
    List<String> all = List.copyOf(instanceUuids);
    return db.inTransaction(h -> {
      Map<String, Map<String, String>> items = new HashMap<>();
      for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
        h.createQuery("SELECT instance_uuid, meta_key, meta_value FROM instance_metadata WHERE instance_uuid IN (<ids>)")
            .bindList("ids", all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY)))
            .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
            .forEach(r -> items.computeIfAbsent(r[0], k -> new TreeMap<>()).put(r[1], r[2]));
      }
      return items;
    });
  }

  @Override
  public void put(String instanceUuid, Map<String, String> items) {
    db.useTransaction(h -> items.forEach((k, v) -> {
      delete(h, instanceUuid, k);
      h.createUpdate("INSERT INTO instance_metadata (instance_uuid, meta_key, meta_value) VALUES (:u, :k, :v)")
          .bind("u", instanceUuid).bind("k", k).bind("v", v).execute();
    }));
  }

  @Override
  public void replace(String instanceUuid, Map<String, String> items) {
    db.useTransaction(h -> {
      h.createUpdate("DELETE FROM instance_metadata WHERE instance_uuid = :u").bind("u", instanceUuid).execute();
      put(instanceUuid, items);
    });
  }

  @Override
  public boolean delete(String instanceUuid, String key) {
    return db.inTransaction(h -> delete(h, instanceUuid, key)) == 1;
  }

  private static int delete(Handle h, String instanceUuid, String key) {
    return h.createUpdate("DELETE FROM instance_metadata WHERE instance_uuid = :u AND meta_key = :k")
        .bind("u", instanceUuid).bind("k", key).execute();
  }
}

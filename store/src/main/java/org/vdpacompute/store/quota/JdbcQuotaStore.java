package org.vdpacompute.store.quota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.vdpacompute.controller.quota.QuotaResource;
import org.vdpacompute.controller.quota.QuotaStore;
import org.vdpacompute.store.Database;

/**
 * Quota limits set for projects, and a project's use counted from what it has: its servers that
 * are not deleted with the vCPUs and RAM of the flavor each was given, its networks, subnets and
 * ports. A project's quota-checked creates are ordered by a write of its {@code quota_generation}.
 */
public final class JdbcQuotaStore implements QuotaStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Database db;

  public JdbcQuotaStore(Database db) {
    this.db = db;
  }

  @Override
  public Map<QuotaResource, Integer> limits(String projectId) {
    return db.inTransaction(h -> {
      Map<QuotaResource, Integer> limits = new EnumMap<>(QuotaResource.class);
      h.createQuery("SELECT resource, hard_limit FROM quota_limits WHERE project_id = :p").bind("p", projectId)
          .map((rs, ctx) -> Map.entry(rs.getString("resource"), rs.getInt("hard_limit")))
          .forEach(e -> resource(e.getKey()).ifPresent(r -> limits.put(r, e.getValue())));
      return limits;
    });
  }

  @Override
  public void setLimits(String projectId, Map<QuotaResource, Integer> limits) {
    db.useTransaction(h -> {
      for (Map.Entry<QuotaResource, Integer> e : limits.entrySet()) {
        h.createUpdate("DELETE FROM quota_limits WHERE project_id = :p AND resource = :r")
            .bind("p", projectId).bind("r", key(e.getKey())).execute();
        h.createUpdate("INSERT INTO quota_limits (project_id, resource, hard_limit) VALUES (:p, :r, :l)")
            .bind("p", projectId).bind("r", key(e.getKey())).bind("l", e.getValue()).execute();
      }
    });
  }

  @Override
  public void clearLimits(String projectId, QuotaResource.Service service) {
    List<String> keys = QuotaResource.of(service).stream().map(JdbcQuotaStore::key).toList();
    db.useTransaction(h -> h.createUpdate("DELETE FROM quota_limits WHERE project_id = :p AND resource IN (<keys>)")
        .bind("p", projectId).bindList("keys", keys).execute());
  }

  @Override
  public void serialize(String projectId) {
    db.useTransaction(h -> h.createUpdate("UPDATE projects SET quota_generation = quota_generation + 1 WHERE id = :p")
        .bind("p", projectId).execute());
  }

  @Override
  public Map<QuotaResource, Long> usage(String projectId, QuotaResource.Service service) {
    return db.inTransaction(h -> {
      Map<QuotaResource, Long> used = new EnumMap<>(QuotaResource.class);
      if (service == QuotaResource.Service.NETWORK) {
        used.put(QuotaResource.NETWORK, count(h, "networks", projectId));
        used.put(QuotaResource.SUBNET, count(h, "subnets", projectId));
        used.put(QuotaResource.PORT, count(h, "ports", projectId));
        return used;
      }
      long instances = 0;
      long cores = 0;
      long ram = 0;
      for (String flavor : h.createQuery("SELECT flavor_json FROM instances WHERE project_id = :p AND vm_state <> 'deleted'")
          .bind("p", projectId).mapTo(String.class).list()) {
        JsonNode f = read(flavor);
        instances++;
        cores += f.path("vcpus").asLong();
        ram += f.path("ramMb").asLong();
      }
      used.put(QuotaResource.INSTANCES, instances);
      used.put(QuotaResource.CORES, cores);
      used.put(QuotaResource.RAM, ram);
      return used;
    });
  }

  private static long count(Handle h, String table, String projectId) {
    return h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE project_id = :p").bind("p", projectId)
        .mapTo(Long.class).one();
  }

  private static JsonNode read(String flavorJson) {
    try {
      return JSON.readTree(flavorJson);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a server's flavor cannot be read: " + flavorJson, e);
    }
  }

  /** Kept under the service's name too: Nova's and Neutron's names might one day meet. */
  private static String key(QuotaResource r) {
    return r.service().name().toLowerCase(Locale.ROOT) + "." + r.apiName();
  }

  private static Optional<QuotaResource> resource(String key) {
    for (QuotaResource r : QuotaResource.values()) {
      if (key(r).equals(key)) return Optional.of(r);
    }
    return Optional.empty();
  }
}

package org.vdpacompute.store.compute;

import static org.vdpacompute.store.SqlValues.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.vdpacompute.controller.compute.PciDeviceStore;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.DeviceStatus;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.ConstraintViolation;

/**
 * Each host's devices in the database, saved whole under a compare-and-set on the host's
 * generation, so that a PF and its VFs are never recorded from two different moments. Within that
 * transaction only the rows that differ from what is recorded are written: a claim or an allocation
 * changes a VF and its PF, and rewriting a host's few dozen rows for it was, in the boot benchmark,
 * a quarter of the controller's CPU and most of what its commits wrote.
 */
public final class JdbcPciDeviceStore implements PciDeviceStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {};

  private static final String ROW_COLUMNS = "address, report_json, tags_json, parent_ifname, status, instance_uuid, "
      + "claim_id, request_id, stale";

  private final Database db;

  public JdbcPciDeviceStore(Database db) {
    this.db = db;
  }

  @Override
  public HostRecord load(String host) {
    return db.inTransaction(h -> {
      long generation = h.createQuery("SELECT generation FROM pci_hosts WHERE host = :host").bind("host", host)
          .mapTo(Long.class).findOne().orElse(0L);
      List<PciDevice> devices = h.createQuery("SELECT " + ROW_COLUMNS + " FROM pci_devices WHERE host = :host "
              + "ORDER BY address")
          .bind("host", host).map((rs, ctx) -> Row.read(rs).device()).list();
      return new HostRecord(generation, devices);
    });
  }

  @Override
  public boolean save(String host, long expectedGeneration, List<PciDevice> devices) {
    try {
      return db.inTransaction(h -> {
        if (!advance(h, host, expectedGeneration)) return false;
        Map<String, Row> recorded = new HashMap<>();
        h.createQuery("SELECT " + ROW_COLUMNS + " FROM pci_devices WHERE host = :host").bind("host", host)
            .map((rs, ctx) -> Row.read(rs)).forEach(r -> recorded.put(r.address(), r));
        PreparedBatch inserts = h.prepareBatch("INSERT INTO pci_devices (host, " + ROW_COLUMNS + ") VALUES (:host, "
            + ":address, :report, :tags, :parentIfname, :status, :instance, :claim, :request, :stale)");
        PreparedBatch updates = h.prepareBatch("UPDATE pci_devices SET report_json = :report, tags_json = :tags, "
            + "parent_ifname = :parentIfname, status = :status, instance_uuid = :instance, claim_id = :claim, "
            + "request_id = :request, stale = :stale WHERE host = :host AND address = :address");
        for (PciDevice d : devices) {
          Row row = Row.of(d);
          Row before = recorded.remove(row.address());
          if (before == null) {
            row.bind(inserts, host);
          } else if (!before.equals(row)) {
            row.bind(updates, host);
          }
        }
        PreparedBatch deletes = h.prepareBatch("DELETE FROM pci_devices WHERE host = :host AND address = :address");
        for (String gone : recorded.keySet()) deletes.bind("host", host).bind("address", gone).add();
        for (PreparedBatch batch : List.of(deletes, updates, inserts)) {
          if (batch.size() > 0) batch.execute();
        }
        return true;
      });
    } catch (RuntimeException e) {
      // Two controllers recording a new host's first devices at once: the second lost.
      if (ConstraintViolation.isUnique(e)) return false;
      throw e;
    }
  }

  /** A device as its row holds it, the JSON columns as text, so that rows compare without parsing. */
  private record Row(String address, String report, String tags, String parentIfname, String status, String instance,
      String claim, String request, boolean stale) {

    static Row of(PciDevice d) {
      return new Row(d.address().toString(), json(d.report()), json(d.tags()), d.parentIfname(), d.status().apiName(),
          d.instanceUuid(), d.claimId(), d.requestId(), d.stale());
    }

    static Row read(ResultSet rs) throws SQLException {
      return new Row(rs.getString("address"), rs.getString("report_json"), rs.getString("tags_json"),
          rs.getString("parent_ifname"), rs.getString("status"), rs.getString("instance_uuid"), rs.getString("claim_id"),
          rs.getString("request_id"), rs.getBoolean("stale"));
    }

    PciDevice device() {
      try {
        return new PciDevice(JSON.readValue(report, DeviceReport.class), JSON.readValue(tags, TAGS), parentIfname,
            DeviceStatus.fromApiName(status), instance, claim, request, stale);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a recorded device of " + address + " cannot be read", e);
      }
    }

    void bind(PreparedBatch batch, String host) {
      batch.bind("host", host).bind("address", address).bind("report", report).bind("tags", tags)
          .bind("parentIfname", parentIfname).bind("status", status).bind("instance", instance).bind("claim", claim)
          .bind("request", request).bind("stale", stale).add();
    }
  }

  /** Moves the host's generation on from the expected one; false when it is not the expected one. */
  private static boolean advance(Handle h, String host, long expected) {
    if (expected == 0) {
      boolean exists = h.createQuery("SELECT COUNT(*) FROM pci_hosts WHERE host = :host").bind("host", host)
          .mapTo(Long.class).one() > 0;
      if (exists) return false;
      h.createUpdate("INSERT INTO pci_hosts (host, generation) VALUES (:host, 1)").bind("host", host).execute();
      return true;
    }
    return h.createUpdate("UPDATE pci_hosts SET generation = :next WHERE host = :host AND generation = :expected")
        .bind("next", expected + 1).bind("host", host).bind("expected", expected).execute() == 1;
  }
}

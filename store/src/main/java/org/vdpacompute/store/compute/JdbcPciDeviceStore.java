package org.vdpacompute.store.compute;

import static org.vdpacompute.store.SqlValues.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>What is recorded is compared against what this store last saw recorded for the host, when
 * the generation it saved or loaded is still the one expected: every save moves the generation on,
 * so while the compare-and-set succeeds nobody has written the host's rows since, and they need
 * not be read again. The JSON of a device's report and tags is reused while the device keeps the
 * same report and tags objects, as a claim or an allocation does.
 */
public final class JdbcPciDeviceStore implements PciDeviceStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {};

  private static final String ROW_COLUMNS = "address, report_json, tags_json, parent_ifname, status, instance_uuid, "
      + "claim_id, request_id, stale";

  private final Database db;
  /** Per host, the rows as this store last saved or loaded them. */
  private final Map<String, Recorded> recorded = new ConcurrentHashMap<>();

  /** A host's rows at one generation, by address, and the devices they were made from. */
  private record Recorded(long generation, Map<String, Row> rows, Map<String, PciDevice> devices) {}

  public JdbcPciDeviceStore(Database db) {
    this.db = db;
  }

  @Override
  public HostRecord load(String host) {
    Recorded read = db.inTransaction(h -> {
      long generation = h.createQuery("SELECT generation FROM pci_hosts WHERE host = :host").bind("host", host)
          .mapTo(Long.class).findOne().orElse(0L);
      Map<String, Row> rows = new LinkedHashMap<>();
      Map<String, PciDevice> devices = new LinkedHashMap<>();
      h.createQuery("SELECT " + ROW_COLUMNS + " FROM pci_devices WHERE host = :host ORDER BY address")
          .bind("host", host).map((rs, ctx) -> Row.read(rs)).forEach(row -> {
            rows.put(row.address(), row);
            devices.put(row.address(), row.device());
          });
      return new Recorded(generation, rows, devices);
    });
    recorded.put(host, read);
    return new HostRecord(read.generation(), List.copyOf(read.devices().values()));
  }

  @Override
  public boolean save(String host, long expectedGeneration, List<PciDevice> devices) {
    Recorded known = recorded.get(host);
    Map<String, Row> rows = new HashMap<>();
    Map<String, PciDevice> byAddress = new HashMap<>();
    for (PciDevice d : devices) {
      Row row = Row.of(d, known == null ? null : known.devices().get(d.address().toString()),
          known == null ? null : known.rows().get(d.address().toString()));
      rows.put(row.address(), row);
      byAddress.put(row.address(), d);
    }
    boolean saved;
    try {
      saved = db.inTransaction(h -> {
        if (!advance(h, host, expectedGeneration)) return false;
        Map<String, Row> before = known != null && known.generation() == expectedGeneration
            ? new HashMap<>(known.rows()) : readRows(h, host);
        write(h, host, rows, before);
        return true;
      });
    } catch (RuntimeException e) {
      // Two controllers recording a new host's first devices at once: the second lost.
      if (ConstraintViolation.isUnique(e)) return false;
      throw e;
    }
    if (saved) recorded.put(host, new Recorded(expectedGeneration + 1, rows, byAddress));
    return saved;
  }

  private static Map<String, Row> readRows(Handle h, String host) {
    Map<String, Row> rows = new HashMap<>();
    h.createQuery("SELECT " + ROW_COLUMNS + " FROM pci_devices WHERE host = :host").bind("host", host)
        .map((rs, ctx) -> Row.read(rs)).forEach(r -> rows.put(r.address(), r));
    return rows;
  }

  /** Writes the rows that differ from those recorded {@code before}, which it empties. */
  private static void write(Handle h, String host, Map<String, Row> rows, Map<String, Row> before) {
    PreparedBatch inserts = h.prepareBatch("INSERT INTO pci_devices (host, " + ROW_COLUMNS + ") VALUES (:host, "
        + ":address, :report, :tags, :parentIfname, :status, :instance, :claim, :request, :stale)");
    PreparedBatch updates = h.prepareBatch("UPDATE pci_devices SET report_json = :report, tags_json = :tags, "
        + "parent_ifname = :parentIfname, status = :status, instance_uuid = :instance, claim_id = :claim, "
        + "request_id = :request, stale = :stale WHERE host = :host AND address = :address");
    for (Row row : rows.values()) {
      Row was = before.remove(row.address());
      if (was == null) {
        row.bind(inserts, host);
      } else if (!was.equals(row)) {
        row.bind(updates, host);
      }
    }
    PreparedBatch deletes = h.prepareBatch("DELETE FROM pci_devices WHERE host = :host AND address = :address");
    for (String gone : before.keySet()) deletes.bind("host", host).bind("address", gone).add();
    for (PreparedBatch batch : List.of(deletes, updates, inserts)) {
      if (batch.size() > 0) batch.execute();
    }
  }

  /** A device as its row holds it, the JSON columns as text, so that rows compare without parsing. */
  private record Row(String address, String report, String tags, String parentIfname, String status, String instance,
      String claim, String request, boolean stale) {

    /** The device's row, with the JSON of {@code earlier}'s row where the device kept its report or tags objects. */
    static Row of(PciDevice d, PciDevice earlier, Row earlierRow) {
      boolean sameReport = earlier != null && earlierRow != null && earlier.report() == d.report();
      boolean sameTags = earlier != null && earlierRow != null && earlier.tags() == d.tags();
      return new Row(d.address().toString(), sameReport ? earlierRow.report() : json(d.report()),
          sameTags ? earlierRow.tags() : json(d.tags()), d.parentIfname(), d.status().apiName(),
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

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
import org.vdpacompute.controller.placement.PciDeviceStore;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.DeviceStatus;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.store.ConstraintViolation;
import org.vdpacompute.store.Database;

/**
 * Each host's devices in the database, saved whole under a compare-and-set on the host's
 * generation, so that a PF and its VFs are never recorded from two different moments. Within that
 * transaction only the rows that differ from what is recorded are written: a claim or an allocation
 * changes a VF and its PF, and rewriting a host's few dozen rows for it was, in the boot benchmark,
 * a quarter of the controller's CPU and most of what its commits wrote. A row whose device kept its
 * report and tags has only its status, holder and parent columns written, so that no JSON is made for it.
 *
 * <p>What is recorded is compared against what this store last saw recorded for the host, when
 * the generation it saved or loaded is still the one expected: every save moves the generation on,
 * so while the compare-and-set succeeds nobody has written the host's rows since, and they need
 * not be read again. That memory is of the devices themselves, which the hosts' trackers hold
 * anyway, not of their rows: at 10,000 hosts the rows' JSON text was two fifths of the
 * controller's live heap.
 */
public final class JdbcPciDeviceStore implements PciDeviceStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {};

  private static final String STATE_COLUMNS = "parent_ifname, status, instance_uuid, claim_id, request_id, stale";
  private static final String ROW_COLUMNS = "address, report_json, tags_json, " + STATE_COLUMNS;

  private final Database db;
  /** Per host, the devices as this store last saved or loaded them. */
  private final Map<String, Recorded> recorded = new ConcurrentHashMap<>();

  /** A host's devices at one generation. */
  private record Recorded(long generation, List<PciDevice> devices) {}

  public JdbcPciDeviceStore(Database db) {
    this.db = db;
  }

  @Override
  public HostRecord load(String host) {
    Recorded read = db.inTransaction(h -> {
      long generation = h.createQuery("SELECT generation FROM pci_hosts WHERE host = :host").bind("host", host)
          .mapTo(Long.class).findOne().orElse(0L);
      return new Recorded(generation, List.copyOf(readDevices(h, host).values()));
    });
    recorded.put(host, read);
    return new HostRecord(read.generation(), read.devices());
  }

  @Override
  public Map<String, Long> generations() {
    Map<String, Long> generations = new HashMap<>();
    db.jdbi().useHandle(h -> h.createQuery("SELECT host, generation FROM pci_hosts")
        .map((rs, ctx) -> Map.entry(rs.getString("host"), rs.getLong("generation")))
        .forEach(e -> generations.put(e.getKey(), e.getValue())));
    return generations;
  }

  @Override
  public boolean save(String host, long expectedGeneration, List<PciDevice> devices) {
    Recorded known = recorded.get(host);
    List<PciDevice> saving = List.copyOf(devices);
    boolean saved;
    try {
      saved = db.inTransaction(h -> {
        if (!advance(h, host, expectedGeneration)) return false;
        db.noteSharedChange();
        Map<PciAddress, PciDevice> before = known != null && known.generation() == expectedGeneration
            ? byAddress(known.devices()) : readDevices(h, host);
        write(h, host, saving, before);
        return true;
      });
    } catch (RuntimeException e) {
      // Two controllers recording a new host's first devices at once: the second lost.
      if (ConstraintViolation.isUnique(e)) return false;
      throw e;
    }
    if (saved) recorded.put(host, new Recorded(expectedGeneration + 1, saving));
    return saved;
  }

  private static Map<PciAddress, PciDevice> readDevices(Handle h, String host) {
    Map<PciAddress, PciDevice> devices = new LinkedHashMap<>();
    h.createQuery("SELECT " + ROW_COLUMNS + " FROM pci_devices WHERE host = :host ORDER BY address")
        .bind("host", host).map((rs, ctx) -> read(rs)).forEach(d -> devices.put(d.address(), d));
    return devices;
  }

  private static Map<PciAddress, PciDevice> byAddress(List<PciDevice> devices) {
    Map<PciAddress, PciDevice> map = new HashMap<>(devices.size() * 2);
    for (PciDevice d : devices) map.put(d.address(), d);
    return map;
  }

  /** Writes the devices that differ from those recorded {@code before}, which it empties. */
  private static void write(Handle h, String host, List<PciDevice> devices, Map<PciAddress, PciDevice> before) {
    PreparedBatch inserts = h.prepareBatch("INSERT INTO pci_devices (host, " + ROW_COLUMNS + ") VALUES (:host, "
        + ":address, :report, :tags, :parentIfname, :status, :instance, :claim, :request, :stale)");
    PreparedBatch updates = h.prepareBatch("UPDATE pci_devices SET report_json = :report, tags_json = :tags, "
        + "parent_ifname = :parentIfname, status = :status, instance_uuid = :instance, claim_id = :claim, "
        + "request_id = :request, stale = :stale WHERE host = :host AND address = :address");
    PreparedBatch states = h.prepareBatch("UPDATE pci_devices SET parent_ifname = :parentIfname, status = :status, "
        + "instance_uuid = :instance, claim_id = :claim, request_id = :request, stale = :stale "
        + "WHERE host = :host AND address = :address");
    for (PciDevice d : devices) {
      PciDevice was = before.remove(d.address());
      if (was == null) {
        bindWhole(inserts, host, d);
      } else if (!was.equals(d)) {
        if (was.report().equals(d.report()) && was.tags().equals(d.tags())) {
          bindState(states, host, d).add();
        } else {
          bindWhole(updates, host, d);
        }
      }
    }
    PreparedBatch deletes = h.prepareBatch("DELETE FROM pci_devices WHERE host = :host AND address = :address");
    for (PciAddress gone : before.keySet()) deletes.bind("host", host).bind("address", gone.toString()).add();
    for (PreparedBatch batch : List.of(deletes, states, updates, inserts)) {
      if (batch.size() > 0) batch.execute();
    }
  }

  private static PciDevice read(ResultSet rs) throws SQLException {
    String address = rs.getString("address");
    try {
      return new PciDevice(JSON.readValue(rs.getString("report_json"), DeviceReport.class),
          JSON.readValue(rs.getString("tags_json"), TAGS), rs.getString("parent_ifname"),
          DeviceStatus.fromApiName(rs.getString("status")), rs.getString("instance_uuid"), rs.getString("claim_id"),
          rs.getString("request_id"), rs.getBoolean("stale"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a recorded device of " + address + " cannot be read", e);
    }
  }

  private static void bindWhole(PreparedBatch batch, String host, PciDevice d) {
    bindState(batch, host, d).bind("report", json(d.report())).bind("tags", json(d.tags())).add();
  }

  private static PreparedBatch bindState(PreparedBatch batch, String host, PciDevice d) {
    return batch.bind("host", host).bind("address", d.address().toString()).bind("parentIfname", d.parentIfname())
        .bind("status", d.status().apiName()).bind("instance", d.instanceUuid()).bind("claim", d.claimId())
        .bind("request", d.requestId()).bind("stale", d.stale());
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

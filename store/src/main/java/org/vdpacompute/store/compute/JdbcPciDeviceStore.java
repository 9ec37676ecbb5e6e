package org.vdpacompute.store.compute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * Each host's devices in the database, replaced whole under a compare-and-set on the host's
 * generation. A host has a few dozen devices, so rewriting them all is cheaper than working out
 * which changed, and it cannot leave a PF and its VFs recorded from two different moments.
 */
public final class JdbcPciDeviceStore implements PciDeviceStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {};

  private final Database db;

  public JdbcPciDeviceStore(Database db) {
    this.db = db;
  }

  @Override
  public HostRecord load(String host) {
    return db.inTransaction(h -> {
      long generation = h.createQuery("SELECT generation FROM pci_hosts WHERE host = :host").bind("host", host)
          .mapTo(Long.class).findOne().orElse(0L);
      List<PciDevice> devices = h.createQuery("SELECT address, report_json, tags_json, parent_ifname, status, "
              + "instance_uuid, claim_id, request_id, stale FROM pci_devices WHERE host = :host ORDER BY address")
          .bind("host", host).map((rs, ctx) -> row(rs)).list();
      return new HostRecord(generation, devices);
    });
  }

  @Override
  public boolean save(String host, long expectedGeneration, List<PciDevice> devices) {
    try {
      return db.inTransaction(h -> {
        if (!advance(h, host, expectedGeneration)) return false;
        h.createUpdate("DELETE FROM pci_devices WHERE host = :host").bind("host", host).execute();
        PreparedBatch batch = h.prepareBatch("INSERT INTO pci_devices (host, address, report_json, tags_json, "
            + "parent_ifname, status, instance_uuid, claim_id, request_id, stale) VALUES (:host, :address, :report, "
            + ":tags, :parentIfname, :status, :instance, :claim, :request, :stale)");
        for (PciDevice d : devices) {
          batch.bind("host", host).bind("address", d.address().toString()).bind("report", json(d.report()))
              .bind("tags", json(d.tags())).bind("parentIfname", d.parentIfname()).bind("status", d.status().apiName())
              .bind("instance", d.instanceUuid()).bind("claim", d.claimId()).bind("request", d.requestId())
              .bind("stale", d.stale()).add();
        }
        if (!devices.isEmpty()) batch.execute();
        return true;
      });
    } catch (RuntimeException e) {
      // Two controllers recording a new host's first devices at once: the second lost.
      if (ConstraintViolation.isUnique(e)) return false;
      throw e;
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

  private static PciDevice row(ResultSet rs) throws SQLException {
    try {
      return new PciDevice(JSON.readValue(rs.getString("report_json"), DeviceReport.class),
          JSON.readValue(rs.getString("tags_json"), TAGS), rs.getString("parent_ifname"),
          DeviceStatus.fromApiName(rs.getString("status")), rs.getString("instance_uuid"), rs.getString("claim_id"),
          rs.getString("request_id"), rs.getBoolean("stale"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a recorded device of " + rs.getString("address") + " cannot be read", e);
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot record " + value, e);
    }
  }
}

package org.vdpacompute.store.network;

import org.vdpacompute.store.ConstraintViolation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.core.ConflictException;

/** The {@code networks} table. */
final class NetworkTable {
  private static final String COLUMNS = "id, name, project_id, network_type, physical_network, "
      + "segmentation_id, shared, admin_state_up, mtu, created_at";

  private NetworkTable() {}

  static void insert(Handle h, Network n) {
    ConstraintViolation.execute(h.createUpdate("INSERT INTO networks (" + COLUMNS + ") VALUES (:id, :name, "
            + ":projectId, :networkType, :physicalNetwork, :segmentationId, :shared, :adminStateUp, :mtu, "
            + ":createdAt)")
        .bind("id", n.id())
        .bind("name", n.name())
        .bind("projectId", n.projectId())
        .bind("networkType", n.networkType())
        .bind("physicalNetwork", n.physicalNetwork())
        .bind("segmentationId", n.segmentationId())
        .bind("shared", n.shared())
        .bind("adminStateUp", n.adminStateUp())
        .bind("mtu", n.mtu())
        .bind("createdAt", Timestamps.of(n.createdAt())),
        violation -> new ConflictException("network " + n.id() + " already exists"));
  }

  static Optional<Network> find(Handle h, String id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM networks WHERE id = :id")
        .bind("id", id)
        .map((row, ctx) -> read(row))
        .findOne();
  }

  /** A project's own and the shared networks; all when {@code projectId} is null. */
  static List<Network> visibleTo(Handle h, String projectId) {
    Query query = projectId == null
        ? h.createQuery("SELECT " + COLUMNS + " FROM networks ORDER BY created_at, id")
        : h.createQuery("SELECT " + COLUMNS + " FROM networks WHERE shared = TRUE OR project_id = :project "
            + "ORDER BY created_at, id").bind("project", projectId);
    return query.map((row, ctx) -> read(row)).list();
  }

  /**
   * Deletes a network and its subnets. Its ports, or addresses of its subnets that ports still
   * hold, make the foreign keys refuse, and nothing is deleted.
   */
  static void delete(Handle h, String id) {
    ConflictException inUse = new ConflictException("Unable to complete operation on network " + id
        + ". There are one or more ports still in use on the network.");
    ConstraintViolation.execute(h.createUpdate("DELETE FROM subnets WHERE network_id = :id").bind("id", id),
        violation -> inUse);
    ConstraintViolation.execute(h.createUpdate("DELETE FROM networks WHERE id = :id").bind("id", id),
        violation -> inUse);
  }

  private static Network read(ResultSet row) throws SQLException {
    return new Network(
        row.getString("id"),
        row.getString("name"),
        row.getString("project_id"),
        row.getString("network_type"),
        row.getString("physical_network"),
        row.getObject("segmentation_id", Integer.class),
        row.getBoolean("shared"),
        row.getBoolean("admin_state_up"),
        row.getInt("mtu"),
        Timestamps.read(row, "created_at"));
  }
}

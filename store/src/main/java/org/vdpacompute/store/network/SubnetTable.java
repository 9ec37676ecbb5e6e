package org.vdpacompute.store.network;

import org.vdpacompute.store.ConstraintViolation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.vdpacompute.controller.network.Subnet;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.NotFoundException;

/** The {@code subnets} table; queries name it {@code s}, since the visible ones join networks. */
final class SubnetTable {
  private static final String COLUMNS = "s.id, s.name, s.network_id, s.project_id, s.ip_version, s.cidr, "
      + "s.gateway_ip, s.allocation_pools, s.enable_dhcp, s.created_at";
  private static final String ORDER = " ORDER BY s.created_at, s.id";

  private SubnetTable() {}

  static void insert(Handle h, Subnet s) {
    ConstraintViolation.execute(h.createUpdate("INSERT INTO subnets (id, name, network_id, project_id, ip_version, cidr, "
            + "gateway_ip, allocation_pools, enable_dhcp, created_at) VALUES (:id, :name, :networkId, "
            + ":projectId, :ipVersion, :cidr, :gatewayIp, :allocationPools, :enableDhcp, :createdAt)")
        .bind("id", s.id())
        .bind("name", s.name())
        .bind("networkId", s.networkId())
        .bind("projectId", s.projectId())
        .bind("ipVersion", s.ipVersion())
        .bind("cidr", s.cidr())
        .bind("gatewayIp", s.gatewayIp())
        .bind("allocationPools", JsonColumns.write(s.allocationPools(), "allocation pools of subnet " + s.id()))
        .bind("enableDhcp", s.enableDhcp())
        .bind("createdAt", Timestamps.of(s.createdAt())),
        violation -> switch (violation) {
          case UNIQUE -> new ConflictException("subnet " + s.id() + " already exists");
          case FOREIGN_KEY -> new NotFoundException("Network " + s.networkId() + " could not be found.");
        });
  }

  static Optional<Subnet> find(Handle h, String id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM subnets s WHERE s.id = :id")
        .bind("id", id)
        .map((row, ctx) -> read(row))
        .findOne();
  }

  static List<Subnet> ofNetwork(Handle h, String networkId) {
    return h.createQuery("SELECT " + COLUMNS + " FROM subnets s WHERE s.network_id = :networkId" + ORDER)
        .bind("networkId", networkId)
        .map((row, ctx) -> read(row))
        .list();
  }

  /** Subnets of the networks a project sees (its own and shared ones); all when null. */
  static List<Subnet> visibleTo(Handle h, String projectId) {
    Query query = projectId == null
        ? h.createQuery("SELECT " + COLUMNS + " FROM subnets s" + ORDER)
        : h.createQuery("SELECT " + COLUMNS + " FROM subnets s JOIN networks n ON n.id = s.network_id "
            + "WHERE n.shared = TRUE OR n.project_id = :project" + ORDER).bind("project", projectId);
    return query.map((row, ctx) -> read(row)).list();
  }

  /** Deletes a subnet unless ports hold addresses of it, which its foreign key refuses. */
  static void delete(Handle h, String id) {
    ConstraintViolation.execute(h.createUpdate("DELETE FROM subnets WHERE id = :id").bind("id", id),
        violation -> new ConflictException("Unable to complete operation on subnet " + id
            + ": one or more ports have an IP allocation from this subnet."));
  }

  private static Subnet read(ResultSet row) throws SQLException {
    String id = row.getString("id");
    return new Subnet(
        id,
        row.getString("name"),
        row.getString("network_id"),
        row.getString("project_id"),
        row.getInt("ip_version"),
        row.getString("cidr"),
        row.getString("gateway_ip"),
        JsonColumns.pools(row.getString("allocation_pools"), id),
        row.getBoolean("enable_dhcp"),
        Timestamps.read(row, "created_at"));
  }
}

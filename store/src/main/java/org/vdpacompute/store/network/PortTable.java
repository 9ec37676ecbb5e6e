package org.vdpacompute.store.network;

import org.vdpacompute.store.ConstraintViolation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;
import org.vdpacompute.controller.network.IpAddressInUseException;
import org.vdpacompute.controller.network.MacAddressInUseException;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.pci.request.VnicType;

/**
 * The {@code ports} table and its {@code port_fixed_ips}. A port is read with its addresses in one
 * query, ports {@code p} left-joined to addresses {@code f}, and folded back into one port each.
 */
final class PortTable {
  /** The unique constraint on (network_id, mac_address), as the migration names it. */
  private static final String MAC_PER_NETWORK = "ports_mac_per_network";
  private static final String SELECT = "SELECT p.id, p.name, p.network_id, p.project_id, p.mac_address, "
      + "p.vnic_type, p.binding_host_id, p.binding_profile, p.binding_vif_type, p.device_id, p.device_owner, "
      + "p.status, p.admin_state_up, p.created_at, p.updated_at, p.revision_number, f.subnet_id, f.ip_address "
      + "FROM ports p LEFT JOIN port_fixed_ips f ON f.port_id = p.id";
  private static final String ORDER = " ORDER BY p.created_at, p.id, f.ordinal";

  private PortTable() {}

  /** Inserts the port, then its addresses one statement each, so that a clash names its address. */
  static void insert(Handle h, Port port) {
    insertRow(h, port);
    for (int ordinal = 0; ordinal < port.fixedIps().size(); ordinal++) {
      Port.FixedIp ip = port.fixedIps().get(ordinal);
      ConstraintViolation.execute(h.createUpdate("INSERT INTO port_fixed_ips (subnet_id, ip_address, port_id, ordinal) "
              + "VALUES (:subnetId, :ipAddress, :portId, :ordinal)")
          .bind("subnetId", ip.subnetId())
          .bind("ipAddress", ip.ipAddress())
          .bind("portId", port.id())
          .bind("ordinal", ordinal),
          violation -> switch (violation) {
            case UNIQUE -> new IpAddressInUseException(ip.subnetId(), ip.ipAddress());
            case FOREIGN_KEY -> new NotFoundException("Subnet " + ip.subnetId() + " could not be found.");
          });
    }
  }

  private static void insertRow(Handle h, Port port) {
    Update insert = h.createUpdate("INSERT INTO ports (id, name, network_id, project_id, mac_address, vnic_type, "
        + "binding_host_id, binding_profile, binding_vif_type, device_id, device_owner, status, admin_state_up, "
        + "created_at, updated_at, revision_number) VALUES (:id, :name, :networkId, :projectId, :macAddress, "
        + ":vnicType, :bindingHostId, :bindingProfile, :bindingVifType, :deviceId, :deviceOwner, :status, "
        + ":adminStateUp, :createdAt, :updatedAt, :revision)");
    bindRow(insert, port)
        .bind("networkId", port.networkId())
        .bind("createdAt", Timestamps.of(port.createdAt()));
    try {
      insert.execute();
    } catch (JdbiException e) {
      // Two unique constraints may clash here, the MAC's and the id's; the message tells them apart.
      ConstraintViolation violation = ConstraintViolation.of(e);
      if (violation == ConstraintViolation.UNIQUE) {
        throw ConstraintViolation.names(e, MAC_PER_NETWORK)
            ? new MacAddressInUseException(port.networkId(), port.macAddress())
            : new ConflictException("port " + port.id() + " already exists");
      }
      if (violation == ConstraintViolation.FOREIGN_KEY) {
        throw new NotFoundException("Network " + port.networkId() + " could not be found.");
      }
      throw e;
    }
  }

  /**
   * Rewrites the port's row if its revision is still the one before {@code port}'s; its addresses
   * stay. Returns whether it did.
   */
  static boolean update(Handle h, Port port) {
    Update update = h.createUpdate("UPDATE ports SET name = :name, project_id = :projectId, "
        + "mac_address = :macAddress, vnic_type = :vnicType, binding_host_id = :bindingHostId, "
        + "binding_profile = :bindingProfile, binding_vif_type = :bindingVifType, device_id = :deviceId, "
        + "device_owner = :deviceOwner, status = :status, admin_state_up = :adminStateUp, "
        + "updated_at = :updatedAt, revision_number = :revision WHERE id = :id AND revision_number = :previous");
    bindRow(update, port).bind("previous", port.revisionNumber() - 1);
    // Only the MAC's constraint can clash: the id and the network do not change.
    return ConstraintViolation.execute(update, violation -> new MacAddressInUseException(port.networkId(), port.macAddress())) == 1;
  }

  static void delete(Handle h, String id) {
    h.createUpdate("DELETE FROM port_fixed_ips WHERE port_id = :id").bind("id", id).execute();
    h.createUpdate("DELETE FROM ports WHERE id = :id").bind("id", id).execute();
  }

  static List<Port> withId(Handle h, String id) {
    return list(h.createQuery(SELECT + " WHERE p.id = :id" + ORDER).bind("id", id));
  }

  /** The ports with these ids that exist, in no particular order. */
  static List<Port> withIds(Handle h, Collection<String> ids) {
    if (ids.isEmpty()) return List.of();
    return list(h.createQuery(SELECT + " WHERE p.id IN (<ids>)" + ORDER).bindList("ids", List.copyOf(ids)));
  }

  /** A project's ports; all when {@code projectId} is null. */
  static List<Port> ofProject(Handle h, String projectId) {
    return list(projectId == null
        ? h.createQuery(SELECT + ORDER)
        : h.createQuery(SELECT + " WHERE p.project_id = :project" + ORDER).bind("project", projectId));
  }

  static List<Port> onNetwork(Handle h, String networkId) {
    return list(h.createQuery(SELECT + " WHERE p.network_id = :networkId" + ORDER).bind("networkId", networkId));
  }

  static Set<String> usedIps(Handle h, String subnetId) {
    return h.createQuery("SELECT ip_address FROM port_fixed_ips WHERE subnet_id = :subnetId")
        .bind("subnetId", subnetId)
        .mapTo(String.class)
        .set();
  }

  /** The columns an insert and an update both write. */
  private static Update bindRow(Update statement, Port port) {
    return statement
        .bind("id", port.id())
        .bind("name", port.name())
        .bind("projectId", port.projectId())
        .bind("macAddress", port.macAddress())
        .bind("vnicType", port.vnicType().apiName())
        .bind("bindingHostId", port.bindingHostId())
        .bind("bindingProfile", JsonColumns.write(port.bindingProfile(), "binding profile of port " + port.id()))
        .bind("bindingVifType", port.bindingVifType())
        .bind("deviceId", port.deviceId())
        .bind("deviceOwner", port.deviceOwner())
        .bind("status", port.status())
        .bind("adminStateUp", port.adminStateUp())
        .bind("updatedAt", Timestamps.of(port.updatedAt()))
        .bind("revision", port.revisionNumber());
  }

  /** Folds the joined rows, one per address (or one for a port without any), into ports. */
  private static List<Port> list(Query query) {
    return query.scanResultSet((results, ctx) -> {
      ResultSet row = results.get();
      Map<String, Function<List<Port.FixedIp>, Port>> ports = new LinkedHashMap<>();
      Map<String, List<Port.FixedIp>> addresses = new LinkedHashMap<>();
      while (row.next()) {
        String id = row.getString("id");
        if (!ports.containsKey(id)) {
          ports.put(id, readWithout(row));
          addresses.put(id, new ArrayList<>());
        }
        String subnetId = row.getString("subnet_id");
        if (subnetId != null) {
          addresses.get(id).add(new Port.FixedIp(subnetId, row.getString("ip_address")));
        }
      }
      List<Port> folded = new ArrayList<>(ports.size());
      ports.forEach((id, port) -> folded.add(port.apply(addresses.get(id))));
      return folded;
    });
  }

  /** The port of the current row, waiting for its addresses. */
  private static Function<List<Port.FixedIp>, Port> readWithout(ResultSet row) throws SQLException {
    String id = row.getString("id");
    String name = row.getString("name");
    String networkId = row.getString("network_id");
    String projectId = row.getString("project_id");
    String macAddress = row.getString("mac_address");
    VnicType vnicType = VnicType.fromApiName(row.getString("vnic_type"));
    String bindingHostId = row.getString("binding_host_id");
    Map<String, Object> bindingProfile = JsonColumns.profile(row.getString("binding_profile"), id);
    String bindingVifType = row.getString("binding_vif_type");
    String deviceId = row.getString("device_id");
    String deviceOwner = row.getString("device_owner");
    String status = row.getString("status");
    boolean adminStateUp = row.getBoolean("admin_state_up");
    Instant createdAt = Timestamps.read(row, "created_at");
    Instant updatedAt = Timestamps.read(row, "updated_at");
    long revision = row.getLong("revision_number");
    return fixedIps -> new Port(id, name, networkId, projectId, macAddress, fixedIps, vnicType, bindingHostId,
        bindingProfile, bindingVifType, deviceId, deviceOwner, status, adminStateUp, createdAt, updatedAt, revision);
  }
}

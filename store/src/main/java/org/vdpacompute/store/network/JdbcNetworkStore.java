package org.vdpacompute.store.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.NetworkStore;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.Subnet;
import org.vdpacompute.store.Database;

/**
 * Networks, subnets and ports in the database, shared by every controller on it. Each method is
 * one transaction.
 *
 * <p>Uniqueness is the database's: a port's MAC is unique per network and an address per subnet by
 * constraints, so that of two controllers that chose the same free address at once, the second
 * insert fails, whatever either read before. Such a clash is an
 * {@link org.vdpacompute.controller.network.MacAddressInUseException} or
 * {@link org.vdpacompute.controller.network.IpAddressInUseException} naming the address, and a
 * refused insert leaves nothing behind. A network with ports, or a subnet whose addresses ports
 * hold, is not deleted but refused with a {@link org.vdpacompute.core.ConflictException}.
 *
 * <p>Lists come ordered by creation time, then id. Instants are kept to the microsecond.
 */
public final class JdbcNetworkStore implements NetworkStore {
  /** Ids bound in one {@code IN} list: far below what the databases allow, and a page of servers in one query. */
  private static final int IDS_PER_QUERY = 1000;

  private final Database database;

  public JdbcNetworkStore(Database database) {
    this.database = database;
  }

  @Override
  public void insertNetwork(Network network) {
    database.useTransaction(h -> NetworkTable.insert(h, network));
  }

  @Override
  public Optional<Network> network(String id) {
    return database.inTransaction(h -> NetworkTable.find(h, id));
  }

  @Override
  public List<Network> networks(String projectId) {
    return database.inTransaction(h -> NetworkTable.visibleTo(h, projectId));
  }

  /** Deletes the network and its subnets; refused while it has ports. */
  @Override
  public void deleteNetwork(String id) {
    database.useTransaction(h -> NetworkTable.delete(h, id));
  }

  @Override
  public void insertSubnet(Subnet subnet) {
    database.useTransaction(h -> SubnetTable.insert(h, subnet));
  }

  @Override
  public Optional<Subnet> subnet(String id) {
    return database.inTransaction(h -> SubnetTable.find(h, id));
  }

  @Override
  public List<Subnet> subnets(String networkId) {
    return database.inTransaction(h -> SubnetTable.ofNetwork(h, networkId));
  }

  @Override
  public List<Subnet> visibleSubnets(String projectId) {
    return database.inTransaction(h -> SubnetTable.visibleTo(h, projectId));
  }

  /** Deletes the subnet; refused while ports hold addresses of it. */
  @Override
  public void deleteSubnet(String id) {
    database.useTransaction(h -> SubnetTable.delete(h, id));
  }

  @Override
  public void insertPort(Port port) {
    database.useTransaction(h -> PortTable.insert(h, port));
  }

  @Override
  public Optional<Port> port(String id) {
    return database.inTransaction(h -> PortTable.withId(h, id)).stream().findFirst();
  }

  /** One query per {@value #IDS_PER_QUERY} ids, all in one transaction. */
  @Override
  public List<Port> portsWithIds(Collection<String> ids) {
    List<String> all = List.copyOf(new LinkedHashSet<>(ids));
    return database.inTransaction(h -> {
      List<Port> found = new ArrayList<>(all.size());
      for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
        found.addAll(PortTable.withIds(h, all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY))));
      }
      return found;
    });
  }

  @Override
  public List<Port> ports(String projectId) {
    return database.inTransaction(h -> PortTable.ofProject(h, projectId));
  }

  @Override
  public List<Port> portsOnNetwork(String networkId) {
    return database.inTransaction(h -> PortTable.onNetwork(h, networkId));
  }

  @Override
  public Set<String> usedIps(String subnetId) {
    return database.inTransaction(h -> PortTable.usedIps(h, subnetId));
  }

  @Override
  public boolean updatePort(Port port) {
    return database.inTransaction(h -> PortTable.update(h, port));
  }

  /** Deletes the port and its addresses, which are free again once this returns. */
  @Override
  public void deletePort(String id) {
    database.useTransaction(h -> PortTable.delete(h, id));
  }
}

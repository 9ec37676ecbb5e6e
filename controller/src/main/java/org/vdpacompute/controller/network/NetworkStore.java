package org.vdpacompute.controller.network;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where networks, subnets and ports live. Writes that break uniqueness throw ConflictException. */
public interface NetworkStore {
  void insertNetwork(Network network);

  Optional<Network> network(String id);

  /** Networks visible to a project: its own and shared ones; all when {@code projectId} is null. */
  List<Network> networks(String projectId);

  void deleteNetwork(String id);

  void insertSubnet(Subnet subnet);

  Optional<Subnet> subnet(String id);

  List<Subnet> subnets(String networkId);

  /** Subnets of the networks visible to a project; all when null. */
  List<Subnet> visibleSubnets(String projectId);

  void deleteSubnet(String id);

  /**
   * Inserts a port with its fixed IPs, all or nothing.
   *
   * @throws MacAddressInUseException when another port on the network has its MAC
   * @throws IpAddressInUseException when another port has one of its fixed IPs
   */
  void insertPort(Port port);

  Optional<Port> port(String id);

  /** The ports with these ids, read together; a missing id is left out, the order is not kept. */
  List<Port> portsWithIds(Collection<String> ids);

  /** Ports of a project; all when null. */
  List<Port> ports(String projectId);

  List<Port> portsOnNetwork(String networkId);

  Set<String> usedIps(String subnetId);

  /**
   * Replaces a port if it still has the revision it was read with ({@code port.revisionNumber() -
   * 1}); false when someone changed it in between (the caller reads again and retries). The
   * port's fixed IPs are those it was created with and are not changed.
   */
  boolean updatePort(Port port);

  void deletePort(String id);
}

package org.vdpacompute.controller.network;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A network store in memory, with the store's uniqueness rules, for tests above the store. */
public final class InMemoryNetworkStore implements NetworkStore {
  private final Map<String, Network> networks = new ConcurrentHashMap<>();
  private final Map<String, Subnet> subnets = new ConcurrentHashMap<>();
  private final Map<String, Port> ports = new ConcurrentHashMap<>();

  @Override
  public void insertNetwork(Network network) {
    networks.put(network.id(), network);
  }

  @Override
  public Optional<Network> network(String id) {
    return Optional.ofNullable(networks.get(id));
  }

  @Override
  public List<Network> networks(String projectId) {
    return networks.values().stream().filter(n -> projectId == null || n.shared() || projectId.equals(n.projectId())).toList();
  }

  @Override
  public void deleteNetwork(String id) {
    networks.remove(id);
  }

  @Override
  public void insertSubnet(Subnet subnet) {
    subnets.put(subnet.id(), subnet);
  }

  @Override
  public Optional<Subnet> subnet(String id) {
    return Optional.ofNullable(subnets.get(id));
  }

  @Override
  public List<Subnet> subnets(String networkId) {
    return subnets.values().stream().filter(s -> s.networkId().equals(networkId)).toList();
  }

  @Override
  public List<Subnet> visibleSubnets(String projectId) {
    Set<String> visible = new HashSet<>();
    for (Network n : networks(projectId)) visible.add(n.id());
    return subnets.values().stream().filter(s -> visible.contains(s.networkId())).toList();
  }

  @Override
  public void deleteSubnet(String id) {
    subnets.remove(id);
  }

  @Override
  public synchronized void insertPort(Port port) {
    for (Port p : ports.values()) {
      if (p.networkId().equals(port.networkId()) && p.macAddress().equals(port.macAddress())) {
        throw new MacAddressInUseException(port.networkId(), port.macAddress());
      }
      for (Port.FixedIp ip : port.fixedIps()) {
        if (p.fixedIps().contains(ip)) {
          throw new IpAddressInUseException(ip.subnetId(), ip.ipAddress());
        }
      }
    }
    ports.put(port.id(), port);
  }

  @Override
  public Optional<Port> port(String id) {
    return Optional.ofNullable(ports.get(id));
  }

  @Override
  public List<Port> portsWithIds(Collection<String> ids) {
    return ids.stream().distinct().map(ports::get).filter(Objects::nonNull).toList();
  }

  @Override
  public List<Port> ports(String projectId) {
    return ports.values().stream().filter(p -> projectId == null || projectId.equals(p.projectId())).toList();
  }

  @Override
  public List<Port> portsOnNetwork(String networkId) {
    return ports.values().stream().filter(p -> p.networkId().equals(networkId)).toList();
  }

  @Override
  public Set<String> usedIps(String subnetId) {
    Set<String> used = new HashSet<>();
    for (Port p : ports.values()) {
      for (Port.FixedIp ip : p.fixedIps()) {
        if (ip.subnetId().equals(subnetId)) used.add(ip.ipAddress());
      }
    }
    return used;
  }

  @Override
  public synchronized boolean updatePort(Port port) {
    Port current = ports.get(port.id());
    if (current == null || current.revisionNumber() != port.revisionNumber() - 1) return false;
    ports.put(port.id(), port);
    return true;
  }

  @Override
  public void deletePort(String id) {
    ports.remove(id);
  }
}

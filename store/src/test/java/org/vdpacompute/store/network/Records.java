package org.vdpacompute.store.network;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.Subnet;
import org.vdpacompute.core.pci.request.VnicType;

/** Networking records for the store's tests, every field set, at instants both databases keep. */
final class Records {
  /** Microseconds: what both databases keep of an instant. */
  static final Instant T0 = Instant.parse("2024-05-06T07:08:09.123456Z");
  static final Instant T1 = T0.plusSeconds(60);

  private Records() {}

  static Network network(String id, String projectId, boolean shared) {
    return network(id, projectId, shared, T0);
  }

  static Network network(String id, String projectId, boolean shared, Instant createdAt) {
    return new Network(id, "net-" + id, projectId, "vlan", "physnet4", 100, shared, true, 9000, createdAt);
  }

  /** An IPv4 subnet {@code 10.N.0.0/24}, the gateway at {@code .1}, one pool of the rest. */
  static Subnet subnet(String id, String networkId, int n) {
    return new Subnet(id, "sub-" + id, networkId, "demo", 4, "10." + n + ".0.0/24", "10." + n + ".0.1",
        List.of(new Subnet.AllocationPool("10." + n + ".0.2", "10." + n + ".0.254")), true, T0);
  }

  /** An unbound port on the network with these addresses. */
  static Port port(String id, String networkId, String mac, Port.FixedIp... fixedIps) {
    return port(id, networkId, mac, T0, fixedIps);
  }

  static Port port(String id, String networkId, String mac, Instant createdAt, Port.FixedIp... fixedIps) {
    return new Port(id, "port-" + id, networkId, "demo", mac, List.of(fixedIps), VnicType.NORMAL, null, Map.of(),
        "unbound", "", "", "DOWN", true, createdAt, createdAt, 1);
  }

  static Port.FixedIp ip(Subnet subnet, String address) {
    return new Port.FixedIp(subnet.id(), address);
  }

  /** The port as the next revision, with a new name. */
  static Port renamed(Port p, String name) {
    return new Port(p.id(), name, p.networkId(), p.projectId(), p.macAddress(), p.fixedIps(), p.vnicType(),
        p.bindingHostId(), p.bindingProfile(), p.bindingVifType(), p.deviceId(), p.deviceOwner(), p.status(),
        p.adminStateUp(), p.createdAt(), p.updatedAt().plusSeconds(1), p.revisionNumber() + 1);
  }
}

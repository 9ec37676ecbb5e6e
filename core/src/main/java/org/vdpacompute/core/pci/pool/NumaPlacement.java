package org.vdpacompute.core.pci.pool;

import java.util.Map;
import java.util.Set;

/**
 * Where a guest with a NUMA topology sits on a host: the host NUMA nodes its cells use, and which
 * socket each host node belongs to (for the {@code socket} policy). A guest without a NUMA topology
 * has no placement, and NUMA policies do not apply to it.
 */
public record NumaPlacement(Set<Integer> hostNodes, Map<Integer, Integer> socketOfNode) {
  public NumaPlacement {
    hostNodes = Set.copyOf(hostNodes);
    socketOfNode = Map.copyOf(socketOfNode);
  }

  public static NumaPlacement onNodes(Integer... nodes) {
    return new NumaPlacement(Set.of(nodes), Map.of());
  }

  /** True when {@code node} is on a socket that one of the guest's nodes is on. */
  boolean sharesSocket(Integer node) {
    Integer socket = node == null ? null : socketOfNode.get(node);
    if (socket == null) return false;
    for (Integer n : hostNodes) {
      if (socket.equals(socketOfNode.get(n))) return true;
    }
    return false;
  }
}

package org.vdpacompute.scheduler;

import java.util.List;
import org.vdpacompute.core.pci.pool.HostPools;

/**
 * What the scheduler knows of one compute host, kept in memory and replaced whole when it changes:
 * whether it takes guests, its capacity and use, its NUMA cells, and its free PCI devices as pools.
 *
 * @param up whether the host's agent is heartbeating (and not forced down)
 * @param enabled whether the operator lets the host take new guests
 * @param switchUsable whether the host's offloaded switch can take its ports' representors (down:
 *     no guest with a vdpa or direct port goes there)
 */
public record HostState(
    String host,
    boolean up,
    boolean enabled,
    int vcpus,
    int usedVcpus,
    long memoryMb,
    long usedMemoryMb,
    long diskGb,
    long usedDiskGb,
    List<HostNumaCell> numaCells,
    HostPools pci,
    boolean vdpaSupported,
    boolean switchUsable) {

  public HostState {
    numaCells = List.copyOf(numaCells);
  }
}

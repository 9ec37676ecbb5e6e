package org.vdpacompute.virt.emulated;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulated hosts of one process, by host name: how a live migration given only the
 * destination's name ({@link org.vdpacompute.virt.MigrationTarget}) finds the destination host.
 */
public final class EmulatedHosts {
  private final Map<String, EmulatedHypervisor> hosts = new ConcurrentHashMap<>();

  /** Registers a host; a second host of the same name is refused. */
  public void add(EmulatedHypervisor host) {
    if (hosts.putIfAbsent(host.hostname(), host) != null) {
      throw new IllegalArgumentException("an emulated host named " + host.hostname() + " already exists");
    }
  }

  public Optional<EmulatedHypervisor> find(String hostname) {
    return Optional.ofNullable(hosts.get(hostname));
  }
}

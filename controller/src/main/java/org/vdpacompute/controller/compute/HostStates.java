package org.vdpacompute.controller.compute;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vdpacompute.core.host.HostReport;
import org.vdpacompute.core.pci.pool.HostPools;
import org.vdpacompute.scheduler.HostNumaCell;
import org.vdpacompute.scheduler.HostState;

/**
 * What the scheduler sees of every host, put together from what the controller keeps: the
 * service (up, enabled), the host's last report (capacity, NUMA cells), its free devices as pools,
 * and what its servers use (each guest NUMA cell's equal share of its server's vCPUs and memory).
 *
 * <p>Nothing here reads the database per request. The servers each host carries are kept in memory:
 * this controller records every placement and removal it makes ({@link #placed}, {@link #removed}),
 * and {@link #reload()} (at start and periodically) takes in what other controllers did. Devices are
 * {@link HostInventory}'s, whose database generation check is the arbiter of every claim, so a stale
 * picture here can cost a retry on the next host but never a device given twice.
 */
public final class HostStates {
  private final ComputeServices services;
  private final HostInventory inventory;
  private final InstanceStore instances;
  /** Host name to the servers counted on it, by uuid. */
  private final Map<String, Map<String, Instance>> byHost = new ConcurrentHashMap<>();
  /** Server uuid to the host it is counted on. */
  private final Map<String, String> hostOf = new ConcurrentHashMap<>();

  public HostStates(ComputeServices services, HostInventory inventory, InstanceStore instances) {
    this.services = services;
    this.inventory = inventory;
    this.instances = instances;
  }

  /** Reads every server's place from the database, replacing what was kept. */
  public synchronized void reload() {
    Map<String, Map<String, Instance>> fresh = new HashMap<>();
    Map<String, String> places = new HashMap<>();
    for (Instance i : instances.instances(null)) {
      if (i.host() == null) continue;
      fresh.computeIfAbsent(i.host(), h -> new ConcurrentHashMap<>()).put(i.uuid(), i);
      places.put(i.uuid(), i.host());
    }
    byHost.clear();
    byHost.putAll(fresh);
    hostOf.clear();
    hostOf.putAll(places);
  }

  /** The server now counts on its host (and no longer where it counted before). */
  public synchronized void placed(Instance instance) {
    removed(instance.uuid());
    if (instance.host() == null) return;
    byHost.computeIfAbsent(instance.host(), h -> new ConcurrentHashMap<>()).put(instance.uuid(), instance);
    hostOf.put(instance.uuid(), instance.host());
  }

  /** The server counts on no host any more. */
  public synchronized void removed(String instanceUuid) {
    String host = hostOf.remove(instanceUuid);
    if (host == null) return;
    Map<String, Instance> on = byHost.get(host);
    if (on != null) on.remove(instanceUuid);
  }

  /** The servers counted on a host. */
  public List<Instance> on(String host) {
    Map<String, Instance> on = byHost.get(host);
    return on == null ? List.of() : List.copyOf(on.values());
  }

  /** Every registered host's state now. */
  public List<HostState> current() {
    List<HostState> states = new ArrayList<>();
    for (ComputeService s : services.services()) {
      Optional<HostReport> report = services.report(s.host());
      if (report.isEmpty()) continue;
      states.add(state(s, report.get(), on(s.host())));
    }
    return states;
  }

  /** One host's state now, when it is registered and has reported. */
  public Optional<HostState> current(String host) {
    for (ComputeService s : services.services()) {
      if (s.host().equals(host)) return services.report(host).map(r -> state(s, r, on(host)));
    }
    return Optional.empty();
  }

  HostState state(ComputeService service, HostReport report, List<Instance> servers) {
    HostUsage used = HostUsage.of(servers);
    Map<Integer, int[]> cellCpus = new HashMap<>();
    Map<Integer, long[]> cellMemory = new HashMap<>();
    for (Instance i : servers) {
      int n = i.guestCells().size();
      for (int cell : i.guestCells()) {
        cellCpus.computeIfAbsent(cell, k -> new int[1])[0] += (i.flavor().vcpus() + n - 1) / n;
        cellMemory.computeIfAbsent(cell, k -> new long[1])[0] += (i.flavor().ramMb() + n - 1) / n;
      }
    }
    List<HostNumaCell> cells = new ArrayList<>();
    for (HostReport.Cell c : report.numaCells()) {
      cells.add(new HostNumaCell(c.id(), c.socket(), c.cpus(), c.memoryMb(),
          cellCpus.getOrDefault(c.id(), new int[1])[0], cellMemory.getOrDefault(c.id(), new long[1])[0]));
    }
    HostPools pci = inventory.pools(service.host()).orElse(HostPools.EMPTY);
    return new HostState(service.host(), services.isUp(service), !service.disabled(), report.vcpus(), used.vcpus(),
        report.memoryMb(), used.memoryMb(), report.diskGb(), used.diskGb(), cells, pci, report.vdpaSupported());
  }
}

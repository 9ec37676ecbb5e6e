package org.vdpacompute.controller.compute;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vdpacompute.core.host.HostReport;
import org.vdpacompute.core.pci.pool.HostPools;
import org.vdpacompute.scheduler.HostNumaCell;
import org.vdpacompute.scheduler.HostState;

/**
 * What the scheduler sees of every host, put together from what the controller keeps: the
 * service (up, enabled), the host's last report (capacity, NUMA cells), its free devices as pools,
 * and what its servers use (each guest NUMA cell's equal share of its server's vCPUs and memory).
 */
public final class HostStates {
  private final ComputeServices services;
  private final HostInventory inventory;
  private final InstanceStore instances;

  public HostStates(ComputeServices services, HostInventory inventory, InstanceStore instances) {
    this.services = services;
    this.inventory = inventory;
    this.instances = instances;
  }

  /** Every registered host's state now. */
  public List<HostState> current() {
    List<HostState> states = new ArrayList<>();
    for (ComputeService s : services.services()) {
      Optional<HostReport> report = services.report(s.host());
      if (report.isEmpty()) continue;
      states.add(state(s, report.get(), instances.onHost(s.host())));
    }
    return states;
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

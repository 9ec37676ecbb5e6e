package org.vdpacompute.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.vdpacompute.core.pci.pool.NumaPlacement;

/**
 * For a guest with a NUMA topology ({@code hw:numa_nodes=N}), finds N distinct host NUMA nodes that
 * each hold an equal share of the guest's vCPUs and memory. When the guest also needs PCI devices,
 * the cells are chosen so that the devices fit them under each request's NUMA policy; Nova fits
 * cells first and devices after, and so refuses hosts where another choice of cells would do.
 */
final class NumaTopologyFilter implements HostFilter {
  @Override
  public String name() {
    return "NUMATopologyFilter";
  }

  @Override
  public boolean passes(HostState host, ScheduleRequest request, Evaluation evaluation) {
    int n = request.numaNodes();
    if (n == 0) return true;
    List<HostNumaCell> cells = host.numaCells();
    if (cells.size() < n) return false;
    int cpusPerCell = (request.vcpus() + n - 1) / n;
    long memPerCell = (request.memoryMb() + n - 1) / n;
    List<HostNumaCell> usable = new ArrayList<>();
    for (HostNumaCell c : cells) {
      if (c.usedCpus() + cpusPerCell <= c.cpus() * ResourceFilter.CPU_RATIO && c.freeMemoryMb() >= memPerCell) {
        usable.add(c);
      }
    }
    Map<Integer, Integer> sockets = new HashMap<>();
    for (HostNumaCell c : cells) sockets.put(c.id(), c.socket());
    return choose(usable, n, 0, new ArrayList<>(), sockets, request, host, evaluation);
  }

  /**
   * "NUMA: the guest asks for 2 NUMA nodes, the host has 1", "NUMA: 0 of 2 NUMA nodes have 2 vCPUs
   * and 1024 MB free for a guest cell (...)", or, when cells have room, why the devices fit none of them.
   */
  @Override
  public Refusal explain(HostState host, ScheduleRequest request, Evaluation evaluation, HostFacts facts) {
    int n = request.numaNodes();
    List<HostNumaCell> cells = host.numaCells();
    if (cells.size() < n) {
      return refusal("NUMA: the guest asks for " + n + " NUMA nodes, the host has " + cells.size(), "too few NUMA nodes");
    }
    int cpusPerCell = (request.vcpus() + n - 1) / n;
    long memPerCell = (request.memoryMb() + n - 1) / n;
    List<String> usable = new ArrayList<>();
    List<String> free = new ArrayList<>();
    for (HostNumaCell c : cells) {
      long cpusFree = (long) Math.floor(c.cpus() * ResourceFilter.CPU_RATIO) - c.usedCpus();
      free.add("node " + c.id() + ": " + Math.max(0, cpusFree) + " vCPUs, " + Math.max(0, c.freeMemoryMb()) + " MB free");
      if (c.usedCpus() + cpusPerCell <= c.cpus() * ResourceFilter.CPU_RATIO && c.freeMemoryMb() >= memPerCell) {
        usable.add(String.valueOf(c.id()));
      }
    }
    if (usable.size() < n) {
      return refusal("NUMA: " + usable.size() + " of " + cells.size() + " NUMA nodes have " + cpusPerCell + " vCPUs and "
          + memPerCell + " MB free for a guest cell (" + String.join("; ", free) + ")", "not enough free NUMA nodes");
    }
    if (!evaluation.pciQuery.fits(host.pci(), null)) {
      return PciRefusals.explain(this, request.pciRequests(), host.pci(), null, facts);
    }
    return refusal("NUMA: the server's devices are free, but not on " + (n == 1 ? "a NUMA node" : n + " NUMA nodes")
        + " with room for the guest (nodes with room: " + String.join(", ", usable) + ") under its PCI NUMA policy",
        "devices not on the guest's NUMA nodes");
  }

  private static boolean choose(List<HostNumaCell> usable, int n, int from, List<Integer> chosen,
      Map<Integer, Integer> sockets, ScheduleRequest request, HostState host, Evaluation evaluation) {
    if (chosen.size() == n) {
      NumaPlacement placement = new NumaPlacement(new HashSet<>(chosen), sockets);
      if (request.needsPci() && !evaluation.pciQuery.fits(host.pci(), placement)) return false;
      evaluation.guestCells = List.copyOf(chosen);
      evaluation.numa = placement;
      return true;
    }
    for (int i = from; i <= usable.size() - (n - chosen.size()); i++) {
      chosen.add(usable.get(i).id());
      if (choose(usable, n, i + 1, chosen, sockets, request, host, evaluation)) return true;
      chosen.remove(chosen.size() - 1);
    }
    return false;
  }
}

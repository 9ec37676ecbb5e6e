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

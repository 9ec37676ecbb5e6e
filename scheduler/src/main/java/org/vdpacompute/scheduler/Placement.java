package org.vdpacompute.scheduler;

import java.util.List;
import org.vdpacompute.core.pci.pool.FitPlan;
import org.vdpacompute.core.pci.pool.NumaPlacement;

/**
 * A host that can take the instance, with how: the host NUMA node of each guest cell (empty without
 * a guest topology) and the plan of PCI devices to claim there.
 */
public record Placement(String host, List<Integer> guestCells, NumaPlacement numa, FitPlan pciPlan, double weight) {
  public Placement {
    guestCells = List.copyOf(guestCells);
  }
}

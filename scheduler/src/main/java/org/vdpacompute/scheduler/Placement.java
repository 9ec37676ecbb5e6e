package org.vdpacompute.scheduler;

import java.util.List;
import org.vdpacompute.core.pci.pool.FitPlan;
import org.vdpacompute.core.pci.pool.NumaPlacement;

/**
 * A host that can take the instance, with how: the host NUMA node of each guest cell (empty without
 * a guest topology) and the plan of PCI devices to claim there.
 *
 * @param chosenFrom the host's state the placement was worked out on: states are replaced whole when
 *     they change, so while the host's state is still this very object the placement still holds
 */
public record Placement(String host, List<Integer> guestCells, NumaPlacement numa, FitPlan pciPlan, double weight,
    HostState chosenFrom) {
  public Placement {
    guestCells = List.copyOf(guestCells);
  }
}

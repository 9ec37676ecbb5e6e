package org.vdpacompute.scheduler;

import java.util.List;
import org.vdpacompute.core.pci.pool.FitQuery;
import org.vdpacompute.core.pci.pool.NumaPlacement;

/**
 * What the filters learn about one host for one request as they run: the NUMA cells chosen for the
 * guest (a later filter fits PCI devices to them). The PCI query is shared by all hosts of a
 * request, so that its memo of pool matches serves them all.
 */
final class Evaluation {
  final FitQuery pciQuery;
  /** Host NUMA node of each guest cell, in guest cell order; empty without a guest topology. */
  List<Integer> guestCells = List.of();
  NumaPlacement numa;

  Evaluation(FitQuery pciQuery) {
    this.pciQuery = pciQuery;
  }
}

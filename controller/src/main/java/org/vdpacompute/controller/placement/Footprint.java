package org.vdpacompute.controller.placement;

import java.util.List;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;

/**
 * What a server takes of a host: its flavor's share, on the host NUMA nodes of its guest cells. A
 * server in the middle of a move leaves two, one on each host, until the move is settled.
 */
public record Footprint(String host, Flavor flavor, List<Integer> cells) {
  public Footprint {
    cells = List.copyOf(cells);
  }

  public static Footprint of(Instance instance) {
    return new Footprint(instance.host(), instance.flavor(), instance.guestCells());
  }
}

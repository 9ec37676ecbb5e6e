package org.vdpacompute.core.pci.pool;

import java.util.List;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.request.PciRequest;

/**
 * How a set of requests fits a host: for each request, how many devices it takes from which pool and
 * PF group. Applying a plan to the pools it was made from, or claiming by it on the tracker those
 * pools came from, always succeeds.
 */
public record FitPlan(List<Assignment> assignments) {
  public FitPlan {
    assignments = List.copyOf(assignments);
  }

  /** The devices one request takes. */
  public record Assignment(PciRequest request, List<Take> takes) {
    public Assignment {
      takes = List.copyOf(takes);
    }
  }

  /** {@code count} devices from pool {@code key}, PF group {@code group}. */
  public record Take(PoolKey key, PciAddress group, int count) {}
}

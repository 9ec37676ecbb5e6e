package org.vdpacompute.scheduler;

import java.util.List;
import java.util.Set;
import org.vdpacompute.core.pci.request.PciRequest;

/**
 * What one instance needs of a host.
 *
 * @param numaNodes how many NUMA nodes the guest spans ({@code hw:numa_nodes}); 0 for no guest topology
 * @param ignoreHosts hosts that may not be chosen (the source of a move)
 * @param onlyHosts when not empty, the only hosts that may be chosen (a named destination)
 */
public record ScheduleRequest(
    String instanceUuid,
    int vcpus,
    long memoryMb,
    long diskGb,
    int numaNodes,
    List<PciRequest> pciRequests,
    Set<String> ignoreHosts,
    Set<String> onlyHosts) {

  public ScheduleRequest {
    pciRequests = List.copyOf(pciRequests);
    ignoreHosts = Set.copyOf(ignoreHosts);
    onlyHosts = Set.copyOf(onlyHosts);
  }

  /** A request for a new instance with no placement constraints. */
  public static ScheduleRequest of(String instanceUuid, int vcpus, long memoryMb, long diskGb, int numaNodes,
      List<PciRequest> pciRequests) {
    return new ScheduleRequest(instanceUuid, vcpus, memoryMb, diskGb, numaNodes, pciRequests, Set.of(), Set.of());
  }

  public boolean needsPci() {
    return !pciRequests.isEmpty();
  }

  /** Whether a port of the instance needs its representor in the host's offloaded switch. */
  public boolean needsSwitch() {
    for (PciRequest r : pciRequests) {
      if (r.pluggedIntoSwitch()) return true;
    }
    return false;
  }
}

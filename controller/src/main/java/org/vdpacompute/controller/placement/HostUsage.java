package org.vdpacompute.controller.placement;

import java.util.List;

/** What the servers on a host (and the moves to and from it) use of it, from their flavors. */
public record HostUsage(int vcpus, long memoryMb, long diskGb, int servers) {
  public static final HostUsage NONE = new HostUsage(0, 0, 0, 0);

  public static HostUsage of(List<Footprint> onHost) {
    int vcpus = 0;
    long memory = 0;
    long disk = 0;
    for (Footprint i : onHost) {
      vcpus += i.flavor().vcpus();
      memory += i.flavor().ramMb();
      disk += i.flavor().diskGb() + i.flavor().ephemeralGb();
    }
    return new HostUsage(vcpus, memory, disk, onHost.size());
  }
}

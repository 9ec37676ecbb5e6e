package org.vdpacompute.scheduler;

/** Spread by default: the host with the most free memory first (Nova's RAMWeigher). */
final class RamWeigher implements HostWeigher {
  @Override
  public double weigh(HostState host, ScheduleRequest request) {
    return host.memoryMb() * ResourceFilter.RAM_RATIO - host.usedMemoryMb();
  }
}

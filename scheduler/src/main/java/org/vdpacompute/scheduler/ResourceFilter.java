package org.vdpacompute.scheduler;

/**
 * Enough vCPUs, memory and disk, with Nova's default allocation ratios: vCPUs may be overcommitted
 * 16 times, memory 1.5 times, disk not at all.
 */
final class ResourceFilter implements HostFilter {
  static final double CPU_RATIO = 16.0;
  static final double RAM_RATIO = 1.5;
  static final double DISK_RATIO = 1.0;

  @Override
  public String name() {
    return "ResourceFilter";
  }

  @Override
  public boolean passes(HostState host, ScheduleRequest request, Evaluation evaluation) {
    return host.usedVcpus() + request.vcpus() <= host.vcpus() * CPU_RATIO
        && host.usedMemoryMb() + request.memoryMb() <= host.memoryMb() * RAM_RATIO
        && host.usedDiskGb() + request.diskGb() <= host.diskGb() * DISK_RATIO;
  }
}

package org.vdpacompute.scheduler;

import java.util.ArrayList;
import java.util.List;

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

  /** Each shortfall: "RAM: 4096 MB asked, 1024 MB free (2048 MB x 1.5, 2048 MB used)". */
  @Override
  public Refusal explain(HostState host, ScheduleRequest request, Evaluation evaluation, HostFacts facts) {
    List<String> reasons = new ArrayList<>(3);
    List<String> summaries = new ArrayList<>(3);
    shortfall("vCPUs", "", request.vcpus(), host.vcpus(), host.usedVcpus(), CPU_RATIO, reasons, summaries);
    shortfall("RAM", " MB", request.memoryMb(), host.memoryMb(), host.usedMemoryMb(), RAM_RATIO, reasons, summaries);
    shortfall("disk", " GB", request.diskGb(), host.diskGb(), host.usedDiskGb(), DISK_RATIO, reasons, summaries);
    return refusal(String.join("; ", reasons), String.join(", ", summaries));
  }

  private static void shortfall(String what, String unit, long asked, long total, long used, double ratio,
      List<String> reasons, List<String> summaries) {
    long capacity = (long) Math.floor(total * ratio);
    if (used + asked <= total * ratio) return;
    summaries.add("not enough " + what);
    reasons.add(what + ": " + asked + unit + " asked, " + Math.max(0, capacity - used) + unit + " free (" + total + unit
        + (ratio == 1.0 ? "" : " x " + ratio) + ", " + used + unit + " used)");
  }
}

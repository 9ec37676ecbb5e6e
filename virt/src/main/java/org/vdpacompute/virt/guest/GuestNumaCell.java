package org.vdpacompute.virt.guest;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.vdpacompute.core.InvalidValueException;

/**
 * One NUMA node the guest sees: its guest vCPUs and memory (Nova's {@code hw:numa_cpus.N} and
 * {@code hw:numa_mem.N}).
 */
public record GuestNumaCell(int id, SortedSet<Integer> cpus, long memoryMb) {
  public GuestNumaCell {
    if (id < 0) {
      throw new InvalidValueException("guest NUMA cell id " + id + " is negative");
    }
    if (cpus == null || cpus.isEmpty()) {
      throw new InvalidValueException("guest NUMA cell " + id + " has no vCPUs");
    }
    if (cpus.stream().anyMatch(c -> c == null || c < 0)) {
      throw new InvalidValueException("guest NUMA cell " + id + " names a negative vCPU: " + cpus);
    }
    if (memoryMb <= 0) {
      throw new InvalidValueException("guest NUMA cell " + id + " has " + memoryMb + " MB of memory");
    }
    cpus = Collections.unmodifiableSortedSet(new TreeSet<>(cpus));
  }

  public static GuestNumaCell of(int id, Set<Integer> cpus, long memoryMb) {
    return new GuestNumaCell(id, new TreeSet<>(cpus), memoryMb);
  }

  /** The vCPUs in libvirt's range form, {@code 0-3,6}. */
  public String cpuRanges() {
    StringBuilder out = new StringBuilder();
    Integer start = null;
    Integer previous = null;
    for (int cpu : cpus) {
      if (previous != null && cpu == previous + 1) {
        previous = cpu;
        continue;
      }
      appendRange(out, start, previous);
      start = cpu;
      previous = cpu;
    }
    appendRange(out, start, previous);
    return out.toString();
  }

  private static void appendRange(StringBuilder out, Integer start, Integer end) {
    if (start == null) {
      return;
    }
    if (out.length() > 0) {
      out.append(',');
    }
    out.append(start);
    if (!start.equals(end)) {
      out.append('-').append(end);
    }
  }
}

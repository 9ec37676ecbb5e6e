package org.vdpacompute.virt.guest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vdpacompute.core.InvalidValueException;

/**
 * The size of a guest: vCPUs, memory, root disk, and optionally the NUMA nodes it sees. When NUMA
 * cells are given they must share out exactly the flavor's vCPUs {@code 0..vcpus-1} and memory, as
 * Nova requires of {@code hw:numa_cpus.N} and {@code hw:numa_mem.N}.
 *
 * @param numaCells the guest's NUMA nodes; empty for a guest without a NUMA topology
 */
public record GuestFlavor(String name, int vcpus, long memoryMb, int rootDiskGb, List<GuestNumaCell> numaCells) {

  public GuestFlavor {
    if (name == null || name.isBlank()) {
      throw new InvalidValueException("flavor name is missing");
    }
    if (vcpus <= 0 || memoryMb <= 0 || rootDiskGb < 0) {
      throw new InvalidValueException(
          "flavor " + name + " needs vCPUs and memory above 0 and a root disk of 0 GB or more, not "
              + vcpus + " vCPUs, " + memoryMb + " MB, " + rootDiskGb + " GB");
    }
    numaCells = numaCells == null ? List.of() : List.copyOf(numaCells);
    if (!numaCells.isEmpty()) {
      checkCells(name, vcpus, memoryMb, numaCells);
    }
  }

  public static GuestFlavor of(String name, int vcpus, long memoryMb, int rootDiskGb) {
    return new GuestFlavor(name, vcpus, memoryMb, rootDiskGb, List.of());
  }

  private static void checkCells(String name, int vcpus, long memoryMb, List<GuestNumaCell> cells) {
    Set<Integer> seenIds = new HashSet<>();
    Set<Integer> seenCpus = new HashSet<>();
    long memory = 0;
    for (GuestNumaCell cell : cells) {
      if (!seenIds.add(cell.id())) {
        throw new InvalidValueException("flavor " + name + " names guest NUMA cell " + cell.id() + " twice");
      }
      for (int cpu : cell.cpus()) {
        if (cpu >= vcpus) {
          throw new InvalidValueException(
              "flavor " + name + ": NUMA cell " + cell.id() + " names vCPU " + cpu
                  + " but the flavor has only " + vcpus);
        }
        if (!seenCpus.add(cpu)) {
          throw new InvalidValueException("flavor " + name + ": vCPU " + cpu + " is in two NUMA cells");
        }
      }
      memory += cell.memoryMb();
    }
    if (seenCpus.size() != vcpus) {
      throw new InvalidValueException(
          "flavor " + name + ": its NUMA cells hold " + seenCpus.size() + " of its " + vcpus + " vCPUs");
    }
    if (memory != memoryMb) {
      throw new InvalidValueException(
          "flavor " + name + ": its NUMA cells hold " + memory + " MB of its " + memoryMb + " MB");
    }
  }
}

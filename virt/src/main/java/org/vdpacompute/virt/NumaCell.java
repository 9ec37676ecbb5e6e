package org.vdpacompute.virt;

import org.vdpacompute.core.InvalidValueException;

/**
 * One NUMA node of a host: its id, how many CPUs and how much memory it has.
 *
 * @param cpus the number of host CPUs on the node
 */
public record NumaCell(int id, int cpus, long memoryMb) {
  public NumaCell {
    if (id < 0) {
      throw new InvalidValueException("NUMA node id " + id + " is negative");
    }
    if (cpus <= 0) {
      throw new InvalidValueException("NUMA node " + id + " has " + cpus + " CPUs; it needs at least one");
    }
    if (memoryMb <= 0) {
      throw new InvalidValueException("NUMA node " + id + " has " + memoryMb + " MB of memory; it needs some");
    }
  }
}

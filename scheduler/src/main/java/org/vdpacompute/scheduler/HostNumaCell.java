package org.vdpacompute.scheduler;

/** One NUMA node of a host: its CPUs and memory, and how much of them guests use. */
public record HostNumaCell(int id, int socket, int cpus, long memoryMb, int usedCpus, long usedMemoryMb) {
  public int freeCpus() {
    return cpus - usedCpus;
  }

  public long freeMemoryMb() {
    return memoryMb - usedMemoryMb;
  }
}

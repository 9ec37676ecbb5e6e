package org.vdpacompute.controller.compute;

import java.util.List;
import org.vdpacompute.core.pci.DeviceReport;

/**
 * What a compute agent tells the controller about its host when it registers, and again whenever
 * something changes: its service version, its hypervisor, its capacity, whether it can drive vDPA
 * (and why not), and every PCI device it has.
 *
 * @param agentUrl where the controller reaches the agent, or null for an agent in the same process
 */
public record HostReport(
    String host,
    int serviceVersion,
    String hypervisorType,
    String libvirtVersion,
    String qemuVersion,
    String kernelVersion,
    int vcpus,
    long memoryMb,
    long diskGb,
    List<Cell> numaCells,
    boolean vdpaSupported,
    String vdpaReason,
    List<DeviceReport> devices,
    String agentUrl) {

  public HostReport {
    numaCells = List.copyOf(numaCells);
    devices = List.copyOf(devices);
  }

  /** One host NUMA node. */
  public record Cell(int id, int socket, int cpus, long memoryMb) {}
}

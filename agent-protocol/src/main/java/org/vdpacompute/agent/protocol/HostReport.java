package org.vdpacompute.agent.protocol;

import java.net.URI;
import java.util.List;
import org.vdpacompute.core.pci.DeviceReport;

/**
 * What a compute agent tells the controller about its host when it registers, and again whenever
 * something changes: its service version, its hypervisor, its capacity, whether it can drive vDPA
 * (and why not), and every PCI device it has.
 *
 * @param heartbeatIntervalSeconds how often the agent heartbeats; the host is down after six missed beats
 * @param deviceSpec the agent's {@code [pci] device_spec} values: which of its devices guests may have
 * @param agentUrl where the controller reaches the agent, or null for an agent in the same process
 * @param switchStatus the offloaded switch the agent plugs representors into; null from an agent of a
 *     release before switch plugging, which plugs nothing
 */
public record HostReport(
    String host,
    int serviceVersion,
    int heartbeatIntervalSeconds,
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
    List<String> deviceSpec,
    URI agentUrl,
    SwitchStatus switchStatus) {

  public HostReport {
    if (heartbeatIntervalSeconds < 1) {
      throw new org.vdpacompute.core.InvalidValueException(
          "host " + host + " reports a heartbeat interval of " + heartbeatIntervalSeconds + " s");
    }
    numaCells = List.copyOf(numaCells);
    devices = List.copyOf(devices);
    deviceSpec = List.copyOf(deviceSpec);
  }

  /** A report of an agent that does not plug representors. */
  public HostReport(String host, int serviceVersion, int heartbeatIntervalSeconds, String hypervisorType,
      String libvirtVersion, String qemuVersion, String kernelVersion, int vcpus, long memoryMb, long diskGb,
      List<Cell> numaCells, boolean vdpaSupported, String vdpaReason, List<DeviceReport> devices,
      List<String> deviceSpec, URI agentUrl) {
    this(host, serviceVersion, heartbeatIntervalSeconds, hypervisorType, libvirtVersion, qemuVersion, kernelVersion,
        vcpus, memoryMb, diskGb, numaCells, vdpaSupported, vdpaReason, devices, deviceSpec, agentUrl,
        SwitchStatus.NOT_MANAGED);
  }

  /** Whether the host's switch lets it take guests whose ports' representors it plugs. */
  public boolean switchUsable() {
    return switchStatus == null || switchStatus.usable();
  }

  /** One host NUMA node. */
  public record Cell(int id, int socket, int cpus, long memoryMb) {}

  /** The same report for another host: simulated hosts alike but for their names. */
  public HostReport withHost(String name) {
    return new HostReport(name, serviceVersion, heartbeatIntervalSeconds, hypervisorType, libvirtVersion, qemuVersion,
        kernelVersion, vcpus, memoryMb, diskGb, numaCells, vdpaSupported, vdpaReason, devices, deviceSpec, agentUrl,
        switchStatus);
  }
}

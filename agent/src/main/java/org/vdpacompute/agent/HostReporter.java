package org.vdpacompute.agent;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.agent.protocol.SwitchStatus;
import org.vdpacompute.virt.DeviceDiscovery;
import org.vdpacompute.virt.HostFacts;
import org.vdpacompute.virt.NumaCell;
import org.vdpacompute.virt.VdpaSupport;

/** Puts together what the agent tells the controller about its host. */
public final class HostReporter {
  private final HostFacts facts;
  private final DeviceDiscovery discovery;
  private final int serviceVersion;
  private final long diskGb;
  private final List<String> deviceSpec;
  private final URI agentUrl;
  private final int heartbeatSeconds;
  private final Supplier<SwitchStatus> switchStatus;

  /** @param switchStatus the host's offloaded switch as it is when asked */
  public HostReporter(HostFacts facts, DeviceDiscovery discovery, int serviceVersion, int heartbeatSeconds, long diskGb,
      List<String> deviceSpec, URI agentUrl, Supplier<SwitchStatus> switchStatus) {
    this.switchStatus = switchStatus;
    this.heartbeatSeconds = heartbeatSeconds;
    this.facts = facts;
    this.discovery = discovery;
    this.serviceVersion = serviceVersion;
    this.diskGb = diskGb;
    this.deviceSpec = List.copyOf(deviceSpec);
    this.agentUrl = agentUrl;
  }

  /** The host's report, with its switch as it is now. */
  public HostReport report() {
    return report(switchStatus.get());
  }

  /** The host's report, with its switch as it was found. */
  public HostReport report(SwitchStatus switchNow) {
    List<HostReport.Cell> cells = new ArrayList<>();
    int cpus = 0;
    long memory = 0;
    for (NumaCell c : facts.numaCells()) {
      cells.add(new HostReport.Cell(c.id(), 0, c.cpus(), c.memoryMb()));
      cpus += c.cpus();
      memory += c.memoryMb();
    }
    VdpaSupport vdpa = facts.vdpaSupport();
    var hv = facts.hypervisor();
    return new HostReport(facts.hostname(), serviceVersion, heartbeatSeconds, hv.type(), hv.libvirtVersion().toString(),
        hv.qemuVersion().toString(), hv.kernelVersion().toString(), cpus, memory, diskGb, cells,
        vdpa.supported(), vdpa.supported() ? null : vdpa.reason(), discovery.discover(), deviceSpec, agentUrl,
        switchNow);
  }
}

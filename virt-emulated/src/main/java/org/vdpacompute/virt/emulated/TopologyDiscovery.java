package org.vdpacompute.virt.emulated;

import java.util.List;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.virt.DeviceDiscovery;
import org.vdpacompute.virt.VdpaSupport;

/**
 * Reports a topology's devices the way a libvirt host would: a VF with a vDPA device as {@code vdpa}
 * when the host supports vDPA, and as a plain VF otherwise, as Nova's driver lists vDPA node devices
 * only above its minimum versions.
 */
final class TopologyDiscovery implements DeviceDiscovery {
  private final List<DeviceReport> reports;

  TopologyDiscovery(Topology topology, VdpaSupport support) {
    this.reports = topology.devices().stream().map(d -> report(d, support.supported())).toList();
  }

  @Override
  public List<DeviceReport> discover() {
    return reports;
  }

  private static DeviceReport report(TopologyDevice d, boolean vdpaSupported) {
    boolean asVdpa = d.vdpa() != null && vdpaSupported;
    DevType type = asVdpa ? DevType.VDPA : d.type();
    return new DeviceReport(d.address(), d.ids(), type, d.parent(), d.numaNode(), d.driver(), d.ifname(),
        asVdpa ? d.vdpa() : null);
  }
}

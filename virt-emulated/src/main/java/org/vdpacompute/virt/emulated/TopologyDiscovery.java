package org.vdpacompute.virt.emulated;

import java.util.List;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.virt.DeviceDiscovery;
import org.vdpacompute.virt.VdpaSupport;

/**
 * Reports a topology's devices the way a libvirt host would: a VF with a vDPA device as {@code vdpa}
 * when the host supports vDPA, and as a plain VF otherwise, as Nova's driver lists vDPA node devices
 * only above its minimum versions. The serial number of a PF's VPD is its card's, which its VFs and
 * their vDPA devices report too.
 */
final class TopologyDiscovery implements DeviceDiscovery {
  private final List<DeviceReport> reports;

  TopologyDiscovery(Topology topology, VdpaSupport support) {
    this.reports = topology.devices().stream()
        .map(d -> report(d, support.supported()).withCardSerial(cardSerial(topology, d)))
        .toList();
  }

  private static String cardSerial(Topology topology, TopologyDevice d) {
    return d.parent() == null ? d.vpdSerial()
        : topology.device(d.parent()).map(TopologyDevice::vpdSerial).orElse(null);
  }

  @Override
  public List<DeviceReport> discover() {
    return reports;
  }

  private static DeviceReport report(TopologyDevice d, boolean vdpaSupported) {
    boolean asVdpa = d.vdpa() != null && vdpaSupported;
    DevType type = asVdpa ? DevType.VDPA : d.type();
    return new DeviceReport(d.address(), d.ids(), type, d.parent(), d.numaNode(), d.driver(), d.ifname(),
        asVdpa ? d.vdpa() : null, null);
  }
}

package org.vdpacompute.app.allinone;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.agent.protocol.ServiceVersion;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;

/** Reports of made-up hosts, as an agent sends them (write them with {@code AgentJson}), for tests of the agents' API. */
final class HostReports {
  private HostReports() {}

  /** A host with the reference PF and a vDPA VF at each of {@code vfs}, whitelisting the VF product on physnet4. */
  static HostReport report(String host, String agentUrl, PciAddress... vfs) {
    PciAddress pf = PciAddress.parse("0000:06:00.0");
    List<DeviceReport> devices = new ArrayList<>();
    devices.add(DeviceReport.pf(pf, new VendorProduct("15b3", "101d"), 0, "enp6s0f0"));
    int n = 0;
    for (PciAddress vf : vfs) {
      devices.add(DeviceReport.vdpa(vf, new VendorProduct("15b3", "101e"), pf, 0, new VdpaDevice("vdpa" + n, "/dev/vhost-vdpa-" + n)));
      n++;
    }
    return new HostReport(host, ServiceVersion.CURRENT, 10, "kvm", "6.9.0", "5.1.0", "5.15.0", 8, 16384, 100,
        List.of(new HostReport.Cell(0, 0, 8, 16384)), true, null, devices,
        List.of("{\"vendor_id\": \"15b3\", \"product_id\": \"101e\", \"physical_network\": \"physnet4\"}"), URI.create(agentUrl));
  }
}

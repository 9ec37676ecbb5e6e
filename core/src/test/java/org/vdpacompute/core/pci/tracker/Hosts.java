package org.vdpacompute.core.pci.tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.DeviceWhitelist;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.PortRequests;
import org.vdpacompute.core.pci.request.TrustedMode;
import org.vdpacompute.core.pci.request.VnicType;

/** Test hosts and requests. */
final class Hosts {
  static final VendorProduct PF_IDS = new VendorProduct("15b3", "101d");
  static final VendorProduct VF_IDS = new VendorProduct("15b3", "101e");
  static final PciAddress PF = PciAddress.parse("0000:06:00.0");

  /** Whitelists everything on physnet4. */
  static final DeviceWhitelist PHYSNET4 = d -> Optional.of(Map.of("physical_network", "physnet4"));

  private Hosts() {}

  static PciAddress vf(int i) {
    return new PciAddress(0, 6, 0, i + 1);
  }

  /** The reference host: one PF and four VFs with vDPA devices vdpa0..vdpa3. */
  static List<DeviceReport> reference() {
    List<DeviceReport> reports = new ArrayList<>();
    reports.add(DeviceReport.pf(PF, PF_IDS, 0, "enp6s0f0"));
    for (int i = 0; i < 4; i++) {
      reports.add(DeviceReport.vdpa(vf(i), VF_IDS, PF, 0, new VdpaDevice("vdpa" + i, "/dev/vhost-vdpa-" + i)));
    }
    return reports;
  }

  /** The reference host with plain VFs instead of vDPA devices. */
  static List<DeviceReport> referenceWithPlainVfs() {
    List<DeviceReport> reports = new ArrayList<>();
    reports.add(DeviceReport.pf(PF, PF_IDS, 0, "enp6s0f0"));
    for (int i = 0; i < 4; i++) {
      reports.add(DeviceReport.vf(vf(i), VF_IDS, PF, 0));
    }
    return reports;
  }

  static HostDevices referenceHost() {
    HostDevices host = new HostDevices("compute-0", PHYSNET4);
    host.update(reference());
    return host;
  }

  static PciRequest port(VnicType type, String physnet) {
    String id = UUID.randomUUID().toString();
    return PortRequests.forPort(id, "port-" + id.substring(0, 8), type, physnet, TrustedMode.NOT_ASKED, null, null).orElseThrow();
  }

  static PciRequest port(VnicType type) {
    return port(type, "physnet4");
  }

  static PciRequest port(VnicType type, String physnet, NumaPolicy policy) {
    String id = UUID.randomUUID().toString();
    return PortRequests.forPort(id, "port-" + id.substring(0, 8), type, physnet, TrustedMode.NOT_ASKED, policy, null).orElseThrow();
  }
}

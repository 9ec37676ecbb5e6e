package org.vdpacompute.virt.libvirt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.virt.VdpaSupport;

/**
 * Turns libvirt's node device XML into the host's PCI device report, the way Nova's libvirt driver
 * does ({@code Host._get_pcidev_info}):
 *
 * <ul>
 *   <li>a PCI function with a {@code virt_functions} capability is a PF, whether or not VFs are
 *       enabled yet;
 *   <li>one with a {@code phys_function} capability naming an address is a VF of that PF;
 *   <li>any other PCI function is a plain PCI device;
 *   <li>a VF that is the parent of a {@code vdpa} node device is reported as {@link DevType#VDPA}
 *       with that device's name and chardev, but only when the host can drive vDPA; otherwise it
 *       stays a plain VF, so it is never scheduled for a vdpa port;
 *   <li>the card serial number is the one of the function's own PCI VPD, or, for a VF (or vDPA
 *       device) without one, its PF's, as Nova's {@code _get_vpd_details} falls back for VFs.
 * </ul>
 *
 * <p>A function's interface name comes from the {@code net} node device whose parent it is. The
 * parser works on XML strings alone, so it needs no connection.
 */
public final class NodeDeviceParser {

  private NodeDeviceParser() {}

  /**
   * The PCI devices described by {@code nodeDeviceXml}, ordered by address. The collection holds the
   * XML of every node device that matters, PCI, net and vDPA alike; others are ignored.
   */
  public static List<DeviceReport> reports(Collection<String> nodeDeviceXml, VdpaSupport vdpa) {
    List<NodeDevice.Pci> functions = new ArrayList<>();
    Map<String, String> ifnames = new HashMap<>();
    Map<String, VdpaDevice> vdpaByParent = new HashMap<>();
    for (String xml : nodeDeviceXml) {
      NodeDevice device = NodeDevice.parse(xml);
      if (device instanceof NodeDevice.Pci pci) {
        functions.add(pci);
      } else if (device instanceof NodeDevice.Net net && net.parent() != null) {
        ifnames.putIfAbsent(net.parent(), net.ifname());
      } else if (device instanceof NodeDevice.Vdpa v && v.parent() != null) {
        // One vDPA device per VF; should a VF carry two, the first by name wins, every time.
        vdpaByParent.merge(v.parent(), v.device(),
            (a, b) -> a.name().compareTo(b.name()) <= 0 ? a : b);
      }
    }
    Map<PciAddress, String> serials = new HashMap<>();
    for (NodeDevice.Pci f : functions) {
      if (f.vpdSerial() != null) serials.put(f.address(), f.vpdSerial());
    }
    List<DeviceReport> reports = new ArrayList<>(functions.size());
    for (NodeDevice.Pci f : functions) {
      VdpaDevice bound = vdpa.supported() ? vdpaByParent.get(f.name()) : null;
      String serial = f.vpdSerial() != null || f.physFunction() == null ? f.vpdSerial() : serials.get(f.physFunction());
      reports.add(report(f, ifnames.get(f.name()), bound).withCardSerial(serial));
    }
    reports.sort(Comparator.comparing(DeviceReport::address));
    return reports;
  }

  private static DeviceReport report(NodeDevice.Pci f, String ifname, VdpaDevice bound) {
    if (f.hasVirtFunctions()) {
      return new DeviceReport(f.address(), f.ids(), DevType.PF, null, f.numaNode(), f.driver(), ifname, null, null);
    }
    if (f.physFunction() != null) {
      DevType type = bound != null ? DevType.VDPA : DevType.VF;
      return new DeviceReport(
          f.address(), f.ids(), type, f.physFunction(), f.numaNode(), f.driver(), ifname, bound, null);
    }
    return new DeviceReport(f.address(), f.ids(), DevType.PCI, null, f.numaNode(), f.driver(), ifname, null, null);
  }
}

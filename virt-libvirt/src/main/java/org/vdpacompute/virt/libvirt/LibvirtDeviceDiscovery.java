package org.vdpacompute.virt.libvirt;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.Device;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.virt.DeviceDiscovery;
import org.vdpacompute.virt.HostFacts;
import org.vdpacompute.virt.HypervisorInfo;
import org.vdpacompute.virt.VdpaSupport;

/**
 * Reads the node devices that describe PCI functions (capabilities {@code pci}, {@code net} and,
 * where libvirt knows them, {@code vdpa}) and hands their XML to {@link NodeDeviceParser}.
 */
final class LibvirtDeviceDiscovery implements DeviceDiscovery {

  private static final System.Logger LOG = System.getLogger(LibvirtDeviceDiscovery.class.getName());

  private final LibvirtConnection conn;
  private final HostFacts facts;

  LibvirtDeviceDiscovery(LibvirtConnection conn, HostFacts facts) {
    this.conn = conn;
    this.facts = facts;
  }

  @Override
  public List<DeviceReport> discover() {
    HypervisorInfo hypervisor = facts.hypervisor();
    VdpaSupport vdpa = VdpaSupport.decide(hypervisor);
    List<String> capabilities = new ArrayList<>(List.of("pci", "net"));
    // libvirt learnt the vdpa capability in the release vDPA needs; older ones refuse the name.
    if (hypervisor.libvirtVersion().isAtLeast(VdpaSupport.MIN_LIBVIRT)) {
      capabilities.add("vdpa");
    }
    return NodeDeviceParser.reports(nodeDeviceXml(capabilities), vdpa);
  }

  private List<String> nodeDeviceXml(List<String> capabilities) {
    Connect c = conn.connect();
    Set<String> names = new LinkedHashSet<>();
    for (String capability : capabilities) {
      try {
        names.addAll(List.of(c.listDevices(capability)));
      } catch (LibvirtException e) {
        throw conn.queryFailed("the node devices with capability " + capability, e);
      }
    }
    List<String> xml = new ArrayList<>(names.size());
    for (String name : names) {
      try {
        Device device = c.deviceLookupByName(name);
        try {
          xml.add(device.getXMLDescription());
        } finally {
          device.free();
        }
      } catch (LibvirtException e) {
        if (e.getError().getCode() != Error.ErrorNumber.VIR_ERR_NO_NODE_DEVICE) {
          throw conn.queryFailed("node device " + name, e);
        }
        // Devices come and go (VFs are created and removed, drivers rebound) between the listing
        // and the lookup. As in Nova, a device that vanished is left out of this report; the next
        // one shows whatever is there then.
        LOG.log(System.Logger.Level.DEBUG, "node device {0} on {1} vanished during discovery: {2}",
            name, conn.hostname(), e.getMessage());
      }
    }
    return xml;
  }
}

package org.vdpacompute.core.pci;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a device spec sees of a device: its address and ids, its type, and its place in the PF/VF
 * tree. A vDPA device is identified by its VF: same address and ids.
 *
 * @param parentAddress the PF of a VF or vDPA device, else null
 * @param ifname the device's own network interface, if any
 * @param parentIfname the network interface of the parent PF, if any
 * @param cardSerial the card's serial number from PCI VPD, or null (see {@link DeviceReport#cardSerial})
 */
public record DeviceIdentity(
    PciAddress address,
    VendorProduct ids,
    DevType type,
    PciAddress parentAddress,
    String ifname,
    String parentIfname,
    String cardSerial) {

  /** What a spec sees of each device a host reports, in order: a child knows its PF's interface. */
  public static List<DeviceIdentity> of(List<DeviceReport> reports) {
    Map<PciAddress, String> ifnames = new HashMap<>();
    for (DeviceReport r : reports) {
      if (r.ifname() != null) ifnames.put(r.address(), r.ifname());
    }
    List<DeviceIdentity> identities = new ArrayList<>(reports.size());
    for (DeviceReport r : reports) {
      String parentIfname = r.parentAddress() == null ? null : ifnames.get(r.parentAddress());
      identities.add(new DeviceIdentity(
          r.address(), r.ids(), r.type(), r.parentAddress(), r.ifname(), parentIfname, r.cardSerial()));
    }
    return identities;
  }
}

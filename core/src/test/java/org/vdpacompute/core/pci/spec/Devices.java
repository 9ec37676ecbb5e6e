package org.vdpacompute.core.pci.spec;

import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceIdentity;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VendorProduct;

/** Device identities for tests, shaped like the reference host (a ConnectX PF with VFs). */
final class Devices {
  static final String PF_ADDRESS = "0000:06:00.0";
  static final String PF_IFNAME = "enp6s0f0";

  private Devices() {}

  static DeviceIdentity pci(String address, String ids) {
    return new DeviceIdentity(
        PciAddress.parse(address), VendorProduct.parse(ids), DevType.PCI, null, null, null, null);
  }

  static DeviceIdentity pf(String address, String ids, String ifname) {
    return new DeviceIdentity(
        PciAddress.parse(address), VendorProduct.parse(ids), DevType.PF, null, ifname, null, null);
  }

  static DeviceIdentity vf(String address, String ids, String parent, String parentIfname) {
    return new DeviceIdentity(
        PciAddress.parse(address),
        VendorProduct.parse(ids),
        DevType.VF,
        PciAddress.parse(parent),
        null,
        parentIfname,
        null);
  }

  static DeviceIdentity vdpa(String address, String ids, String parent, String parentIfname) {
    return new DeviceIdentity(
        PciAddress.parse(address),
        VendorProduct.parse(ids),
        DevType.VDPA,
        PciAddress.parse(parent),
        null,
        parentIfname,
        null);
  }

  /** The same device on a card whose PCI VPD reports {@code serial}. */
  static DeviceIdentity onCardWithSerial(DeviceIdentity d, String serial) {
    return new DeviceIdentity(d.address(), d.ids(), d.type(), d.parentAddress(), d.ifname(), d.parentIfname(), serial);
  }

  /** The reference PF, 15b3:101d at 0000:06:00.0. */
  static DeviceIdentity refPf() {
    return pf(PF_ADDRESS, "15b3:101d", PF_IFNAME);
  }

  /** A VF of the reference PF, 15b3:101e at 0000:06:00.{function}. */
  static DeviceIdentity refVf(int function) {
    return vf("0000:06:00." + function, "15b3:101e", PF_ADDRESS, PF_IFNAME);
  }

  /** The vDPA device on a VF of the reference PF. */
  static DeviceIdentity refVdpa(int function) {
    return vdpa("0000:06:00." + function, "15b3:101e", PF_ADDRESS, PF_IFNAME);
  }
}

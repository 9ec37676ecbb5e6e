package org.vdpacompute.core.pci;

import org.vdpacompute.core.InvalidValueException;

/**
 * One PCI device as a host's discovery reports it. A VF with a vDPA device bound is reported with
 * type {@link DevType#VDPA}, keeping the VF's address and ids; a host that cannot drive vDPA
 * reports the same VF as {@link DevType#VF}.
 *
 * @param parentAddress the PF of a VF or vDPA device; null for PFs and plain PCI devices
 * @param numaNode the host NUMA node, or null when the platform does not say
 * @param ifname the network interface of the function, when it has one
 * @param vdpa the vDPA device bound to this VF; present exactly when {@code type} is VDPA
 * @param cardSerial the serial number of the card the function is on, from PCI VPD (its own VPD, or
 *     for a VF or vDPA device without one its PF's); null when the card reports none. Nova whitelists
 *     a device through a {@code remote_managed} spec only when it has one.
 */
public record DeviceReport(
    PciAddress address,
    VendorProduct ids,
    DevType type,
    PciAddress parentAddress,
    Integer numaNode,
    String driver,
    String ifname,
    VdpaDevice vdpa,
    String cardSerial) {

  public DeviceReport {
    if (address == null || ids == null || type == null) {
      throw new InvalidValueException("device report needs an address, ids and a type: " + address);
    }
    if (type.isChildFunction() && parentAddress == null) {
      throw new InvalidValueException("device " + address + " of type " + type + " names no parent PF");
    }
    if (!type.isChildFunction() && parentAddress != null) {
      throw new InvalidValueException("device " + address + " of type " + type + " cannot have a parent");
    }
    if ((type == DevType.VDPA) != (vdpa != null)) {
      throw new InvalidValueException(
          "device " + address + ": a vDPA device is reported exactly for type vdpa, not for " + type);
    }
    if (numaNode != null && numaNode < 0) {
      numaNode = null;
    }
    if (cardSerial != null && cardSerial.isBlank()) {
      cardSerial = null;
    }
    // What every host reports alike, kept once for all hosts' devices (SharedValues).
    address = SharedValues.of(address);
    parentAddress = SharedValues.of(parentAddress);
    ids = SharedValues.of(ids);
    vdpa = SharedValues.of(vdpa);
    driver = driver == null ? null : driver.intern();
    ifname = ifname == null ? null : ifname.intern();
  }

  /** The same device on a card whose VPD reports {@code serial} (null or blank: none). */
  public DeviceReport withCardSerial(String serial) {
    return new DeviceReport(address, ids, type, parentAddress, numaNode, driver, ifname, vdpa, serial);
  }

  /** A plain PCI device. */
  public static DeviceReport pci(PciAddress address, VendorProduct ids, Integer numaNode) {
    return new DeviceReport(address, ids, DevType.PCI, null, numaNode, null, null, null, null);
  }

  /** A physical function. */
  public static DeviceReport pf(PciAddress address, VendorProduct ids, Integer numaNode, String ifname) {
    return new DeviceReport(address, ids, DevType.PF, null, numaNode, null, ifname, null, null);
  }

  /** A virtual function with no vDPA device. */
  public static DeviceReport vf(PciAddress address, VendorProduct ids, PciAddress parent, Integer numaNode) {
    return new DeviceReport(address, ids, DevType.VF, parent, numaNode, null, null, null, null);
  }

  /** A virtual function with a vDPA device bound. */
  public static DeviceReport vdpa(
      PciAddress address, VendorProduct ids, PciAddress parent, Integer numaNode, VdpaDevice vdpa) {
    return new DeviceReport(address, ids, DevType.VDPA, parent, numaNode, null, null, vdpa, null);
  }
}

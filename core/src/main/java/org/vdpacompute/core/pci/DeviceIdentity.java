package org.vdpacompute.core.pci;

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
    String cardSerial) {}

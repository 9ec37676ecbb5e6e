package org.vdpacompute.virt.emulated;

import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;

/**
 * One PCI device of an emulated host, as the topology file lists it.
 *
 * @param type {@link DevType#PCI}, {@link DevType#PF} or {@link DevType#VF}: what the hardware is,
 *     whatever the host can do with it
 * @param parent the PF of a VF, else null
 * @param numaNode null when the platform does not say
 * @param vdpa the vDPA device bound to a VF, if any
 * @param representor a VF's port representor netdev as the file names it; null to let {@link
 *     Topology#representorOf} name one
 * @param vpdSerial a PF's card serial number from its PCI VPD ({@code "vpd": {"serial": ...}}), if any
 */
public record TopologyDevice(
    PciAddress address,
    DevType type,
    PciAddress parent,
    VendorProduct ids,
    Integer numaNode,
    String driver,
    String ifname,
    VdpaDevice vdpa,
    String representor,
    String vpdSerial) {}

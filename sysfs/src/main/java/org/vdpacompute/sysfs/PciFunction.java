package org.vdpacompute.sysfs;

import java.util.List;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VendorProduct;

/**
 * A PCI function of {@code /sys/bus/pci/devices}.
 *
 * @param driver the bound driver's name; null when none is bound
 * @param iommuGroup the {@code iommu_group} it is in; null without an IOMMU
 * @param netdevs names of the network devices under its {@code net/}
 * @param totalVfs {@code sriov_totalvfs} of an SR-IOV capable function (a PF); null otherwise
 * @param numVfs {@code sriov_numvfs}: the VFs enabled now; null when not a PF
 * @param physfn the PF of a VF ({@code physfn} link); null otherwise
 * @param vfIndex the N of the PF's {@code virtfnN} link to this VF; null when not a VF
 * @param vpdSerial the card's serial number from the function's own PCI VPD ({@link PciVpd}); null
 *     when it has no VPD, or none that can be trusted
 */
public record PciFunction(
    PciAddress address,
    VendorProduct ids,
    String driver,
    Integer numaNode,
    Integer iommuGroup,
    List<String> netdevs,
    Integer totalVfs,
    Integer numVfs,
    PciAddress physfn,
    Integer vfIndex,
    String vpdSerial) {

  public PciFunction {
    netdevs = List.copyOf(netdevs);
  }

  public boolean isPf() {
    return totalVfs != null && totalVfs > 0;
  }

  public boolean isVf() {
    return physfn != null;
  }
}

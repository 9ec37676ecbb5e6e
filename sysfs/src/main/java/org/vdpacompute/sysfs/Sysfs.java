package org.vdpacompute.sysfs;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vdpacompute.core.pci.PciAddress;

/**
 * What a host's sysfs says about vDPA, read at one moment ({@link SysfsReader}); plain data, with
 * the questions asked of it answered here without I/O.
 *
 * @param modules the kernel modules of interest that are loaded or built in ({@code /sys/module})
 * @param vdpaBus whether {@code /sys/bus/vdpa} exists: the kernel has the vDPA core
 * @param iommuGroups how many IOMMU groups {@code /sys/kernel/iommu_groups} has; 0 without an IOMMU
 */
public record Sysfs(
    Set<String> modules,
    boolean vdpaBus,
    int iommuGroups,
    List<PciFunction> functions,
    List<NetDevice> netdevs,
    List<VdpaBusDevice> vdpaDevices) {

  public Sysfs {
    modules = Set.copyOf(modules);
    functions = functions.stream().sorted(Comparator.comparing(PciFunction::address)).toList();
    netdevs = netdevs.stream().sorted(Comparator.comparing(NetDevice::name)).toList();
    vdpaDevices = vdpaDevices.stream().sorted(Comparator.comparing(VdpaBusDevice::name)).toList();
  }

  public Optional<PciFunction> function(PciAddress address) {
    return functions.stream().filter(f -> f.address().equals(address)).findFirst();
  }

  public Optional<NetDevice> netdev(String name) {
    return netdevs.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  public List<PciFunction> pfs() {
    return functions.stream().filter(PciFunction::isPf).toList();
  }

  public List<PciFunction> vfsOf(PciAddress pf) {
    return functions.stream().filter(f -> pf.equals(f.physfn()))
        .sorted(Comparator.comparing(PciFunction::vfIndex, Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
  }

  public List<VdpaBusDevice> vdpaDevicesOf(PciAddress vf) {
    return vdpaDevices.stream().filter(v -> vf.equals(v.parent())).toList();
  }

  /**
   * The PF's uplink in its switch: among its netdevs with a switch id, the one whose port name is
   * {@code pN}, else the first, as os-vif picks it. Empty when the eswitch is not in switchdev mode
   * (legacy mode has no switch id).
   */
  public Optional<NetDevice> uplinkOf(PciFunction pf) {
    List<NetDevice> inSwitch = pf.netdevs().stream().map(this::netdev).flatMap(Optional::stream)
        .filter(NetDevice::inSwitch).toList();
    return inSwitch.stream().filter(NetDevice::isUplink).findFirst().or(() -> inSwitch.stream().findFirst());
  }

  /** Whether the PF's eswitch is in switchdev mode, as far as sysfs shows it: its uplink has a switch id. */
  public boolean switchdev(PciFunction pf) {
    return uplinkOf(pf).isPresent();
  }

  /**
   * The VF's port representor, found as os-vif's {@code get_representor_port} finds it: a netdev in
   * the PF uplink's switch (same {@code phys_switch_id}), other than the uplink, whose {@code
   * phys_port_name} names the VF's index and, when it names a PF ({@code pfNvfM}), the PF's function
   * number.
   */
  public Optional<String> representorOf(PciAddress vfAddress) {
    Optional<PciFunction> vf = function(vfAddress).filter(PciFunction::isVf);
    if (vf.isEmpty() || vf.get().vfIndex() == null) {
      return Optional.empty();
    }
    Optional<PciFunction> pf = function(vf.get().physfn());
    Optional<NetDevice> uplink = pf.flatMap(this::uplinkOf);
    if (uplink.isEmpty()) {
      return Optional.empty();
    }
    int pfFunction = pf.get().address().function();
    int index = vf.get().vfIndex();
    return netdevs.stream()
        .filter(n -> n.inSwitch() && n.switchId().equals(uplink.get().switchId()))
        .filter(n -> !n.name().equals(uplink.get().name()) && !n.isUplink())
        .filter(n -> n.representedPf().map(p -> p == pfFunction).orElse(true))
        .filter(n -> n.representedVf().map(i -> i == index).orElse(false))
        .map(NetDevice::name)
        .findFirst();
  }
}

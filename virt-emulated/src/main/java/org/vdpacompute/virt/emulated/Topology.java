package org.vdpacompute.virt.emulated;

import java.util.List;
import java.util.Optional;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.virt.HypervisorInfo;
import org.vdpacompute.virt.NumaCell;

/**
 * An emulated host as its topology file describes it (CONTRACT section 3). Built by {@link
 * TopologyReader}, which has checked every cross-reference.
 *
 * @param devices ordered by address
 * @param serviceVersion the compute service version the host's agent is to report instead of the
 *     current one, to rehearse rolling upgrades; null for the current version
 */
public record Topology(
    HypervisorInfo hypervisor,
    List<NumaCell> numaNodes,
    List<TopologyDevice> devices,
    Integer serviceVersion) {

  public Topology {
    numaNodes = List.copyOf(numaNodes);
    devices = List.copyOf(devices);
  }

  public Optional<TopologyDevice> device(PciAddress address) {
    return devices.stream().filter(d -> d.address().equals(address)).findFirst();
  }

  /**
   * A VF's port representor: the file's {@code representor}, else the name a switchdev host gives
   * it with systemd's naming, the PF's interface name followed by {@code n} and the kernel's {@code
   * phys_port_name} {@code pfNvfM} (N the PF's function number, M the VF's index among the PF's VFs
   * in address order): {@code enp6s0f0npf0vf0}. A PF without an interface name gives {@code
   * eth} plus that suffix. Empty for anything that is not a VF of this host.
   */
  public Optional<String> representorOf(PciAddress vf) {
    return representorOf(vf, null);
  }

  /**
   * As {@link #representorOf(PciAddress)}, except that a representor the file does not name is
   * {@code prefix} followed by {@code pfNvfM} when a prefix is given: emulated hosts that share one
   * switch (the all-in-one's) name theirs apart, since an Open vSwitch database has one port of a
   * name across all its bridges.
   *
   * @param prefix null for the systemd name
   */
  public Optional<String> representorOf(PciAddress vf, String prefix) {
    Optional<TopologyDevice> device = device(vf).filter(d -> d.type() == DevType.VF);
    if (device.isEmpty()) {
      return Optional.empty();
    }
    if (device.get().representor() != null) {
      return Optional.of(device.get().representor());
    }
    PciAddress pf = device.get().parent();
    List<PciAddress> siblings = devices.stream()
        .filter(d -> d.type() == DevType.VF && pf.equals(d.parent()))
        .map(TopologyDevice::address)
        .toList();
    String portName = "pf" + pf.function() + "vf" + siblings.indexOf(vf);
    if (prefix != null) {
      return Optional.of(prefix + portName);
    }
    String pfName = device(pf).map(TopologyDevice::ifname).orElse(null);
    return Optional.of((pfName == null ? "eth" : pfName) + "n" + portName);
  }
}

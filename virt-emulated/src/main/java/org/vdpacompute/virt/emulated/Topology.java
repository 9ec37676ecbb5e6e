package org.vdpacompute.virt.emulated;

import java.util.List;
import java.util.Optional;
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
}

package org.vdpacompute.virt.emulated;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.virt.VdpaSupport;
import org.vdpacompute.virt.emulated.DomainDevices.HostUse;

/**
 * Decides whether guest devices can be opened on this host, as QEMU and libvirt would: the device
 * must exist here, vDPA needs a host that supports it, and a PCI function serves one active guest at
 * a time. A PF and its VFs exclude each other too, because handing a PF to a guest takes its VFs
 * away from the host. A refusal is a sentence saying why, for the caller's exception.
 */
final class HostResources {
  private final Topology topology;
  private final VdpaSupport vdpaSupport;

  HostResources(Topology topology, VdpaSupport vdpaSupport) {
    this.topology = topology;
    this.vdpaSupport = vdpaSupport;
  }

  /**
   * Why {@code wanted} cannot be taken while the guests in {@code inUse} hold theirs, or empty when
   * it can.
   */
  Optional<String> refusal(List<HostUse> wanted, Map<UUID, List<HostUse>> inUse) {
    List<PciAddress> taking = new ArrayList<>();
    for (HostUse use : wanted) {
      Optional<TopologyDevice> device = resolve(use);
      if (device.isEmpty()) {
        return Optional.of(missing(use));
      }
      if (use.kind() == HostUse.Kind.VDPA_CHARDEV && !vdpaSupport.supported()) {
        return Optional.of("vDPA device " + use + " cannot be used: " + vdpaSupport.reason());
      }
      PciAddress address = device.get().address();
      if (taking.stream().anyMatch(t -> conflict(t, address))) {
        return Optional.of("device " + describe(use, address) + " is named twice");
      }
      taking.add(address);
      for (Map.Entry<UUID, List<HostUse>> other : inUse.entrySet()) {
        for (HostUse held : other.getValue()) {
          Optional<TopologyDevice> heldDevice = resolve(held);
          if (heldDevice.isPresent() && conflict(address, heldDevice.get().address())) {
            return Optional.of("device " + describe(use, address) + " conflicts with "
                + describe(held, heldDevice.get().address()) + " in use by guest " + other.getKey());
          }
        }
      }
    }
    return Optional.empty();
  }

  private Optional<TopologyDevice> resolve(HostUse use) {
    return topology.devices().stream().filter(d -> switch (use.kind()) {
      case VDPA_CHARDEV -> d.vdpa() != null && d.vdpa().chardev().equals(use.value());
      case PCI_ADDRESS -> d.address().toString().equals(use.value());
      case NETDEV -> use.value().equals(d.ifname());
    }).findFirst();
  }

  /** Same function, or one is the PF of the other. */
  private boolean conflict(PciAddress a, PciAddress b) {
    return a.equals(b) || a.equals(parentOf(b)) || b.equals(parentOf(a));
  }

  private PciAddress parentOf(PciAddress address) {
    return topology.device(address).map(TopologyDevice::parent).orElse(null);
  }

  private static String missing(HostUse use) {
    return switch (use.kind()) {
      case VDPA_CHARDEV -> "no vDPA device has chardev " + use + " on this host";
      case PCI_ADDRESS -> "no PCI device " + use + " on this host";
      case NETDEV -> "no network interface " + use + " on this host";
    };
  }

  private static String describe(HostUse use, PciAddress address) {
    return use.value().equals(address.toString()) ? address.toString() : use + " (" + address + ")";
  }
}

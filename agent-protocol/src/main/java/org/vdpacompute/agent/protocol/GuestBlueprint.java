package org.vdpacompute.agent.protocol;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.request.VnicType;

/**
 * What the controller asks a host to run: the instance, its size, its image and, for each port, the
 * device the controller claimed for it there. The agent turns it into its hypervisor's guest
 * definition; the controller never writes domain XML, since only the host knows its own paths and
 * hypervisor.
 *
 * @param name the instance's domain name on the host ({@code instance-} and the uuid)
 * @param hostCells the host NUMA node of each guest cell, in guest cell order; empty without a
 *     guest NUMA topology
 * @param hostdevs the devices the flavor's aliases claimed, given whole to the guest
 */
public record GuestBlueprint(
    UUID uuid,
    String name,
    Size size,
    UUID imageId,
    List<Integer> hostCells,
    List<Nic> nics,
    List<PciAddress> hostdevs) {

  public GuestBlueprint {
    if (uuid == null || name == null || size == null || imageId == null) {
      throw new InvalidValueException("a guest blueprint needs a uuid, a name, a size and an image");
    }
    hostCells = hostCells == null ? List.of() : List.copyOf(hostCells);
    nics = nics == null ? List.of() : List.copyOf(nics);
    hostdevs = hostdevs == null ? List.of() : List.copyOf(hostdevs);
  }

  /** The nics whose device cannot stay plugged through a suspend or a live migration ({@link Nic#passthrough}). */
  public List<Nic> passthroughNics() {
    return nics.stream().filter(Nic::passthrough).toList();
  }

  /** The same guest without its passthrough nics: how it travels in a live migration. */
  public GuestBlueprint withoutPassthroughNics() {
    return new GuestBlueprint(uuid, name, size, imageId, hostCells,
        nics.stream().filter(n -> !n.passthrough()).toList(), hostdevs);
  }

  /** The flavor's share of the host. */
  public record Size(String flavorName, int vcpus, long memoryMb, int rootDiskGb) {}

  /**
   * One port of the guest, in the order the guest sees them.
   *
   * @param vlan the network's VLAN id, or null
   * @param device the device claimed for the port on this host; null for ports without one
   */
  public record Nic(UUID portId, VnicType vnicType, MacAddress mac, Integer vlan, Device device) {
    /**
     * The vnic types whose guest reaches the claimed device itself, through VFIO or vhost-vdpa. The
     * device's state is in the hardware, where QEMU cannot copy it, so QEMU refuses to save or
     * migrate a guest that has one: like Nova, the agent unplugs these before a suspend or a live
     * migration and plugs them in again after. A macvtap port is a host netdev behind an emulated
     * virtio device and a normal port a tap, both QEMU's own, so they stay.
     */
    private static final Set<VnicType> PASSTHROUGH = EnumSet.of(
        VnicType.VDPA, VnicType.DIRECT, VnicType.DIRECT_PHYSICAL, VnicType.VIRTIO_FORWARDER, VnicType.REMOTE_MANAGED);

    public Nic {
      if (portId == null || vnicType == null || mac == null) {
        throw new InvalidValueException("a nic needs its port's id, vnic type and MAC address");
      }
    }

    /** Whether the nic is a device passed through to the guest, which must be unplugged to move or suspend it. */
    public boolean passthrough() {
      return device != null && PASSTHROUGH.contains(vnicType);
    }
  }

  /**
   * A claimed device as the controller knows it from the host's own report.
   *
   * @param vdpa the vDPA device bound to a VF, else null
   * @param ifname the function's network interface, if it has one (macvtap needs it)
   */
  public record Device(PciAddress address, VdpaDevice vdpa, String ifname) {
    public Device {
      if (address == null) throw new InvalidValueException("a claimed device needs its PCI address");
    }
  }
}

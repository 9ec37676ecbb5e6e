package org.vdpacompute.core.host;

import java.util.List;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.VdpaDevice;

/**
 * What the controller asks a host to run: the instance, its size, its image and, for each port, the
 * device the controller claimed for it there. The agent turns it into its hypervisor's guest
 * definition; the controller never writes domain XML, since only the host knows its own paths and
 * hypervisor.
 *
 * @param name the instance's domain name on the host ({@code instance-} and the uuid)
 * @param hostCells the host NUMA node of each guest cell, in guest cell order; empty without a
 *     guest NUMA topology
 * @param hostdevs PCI addresses of devices the flavor's aliases claimed, given whole to the guest
 */
public record GuestBlueprint(
    String uuid,
    String name,
    Size size,
    String imageId,
    List<Integer> hostCells,
    List<Nic> nics,
    List<String> hostdevs) {

  public GuestBlueprint {
    if (uuid == null || name == null || size == null || imageId == null) {
      throw new InvalidValueException("a guest blueprint needs a uuid, a name, a size and an image");
    }
    hostCells = hostCells == null ? List.of() : List.copyOf(hostCells);
    nics = nics == null ? List.of() : List.copyOf(nics);
    hostdevs = hostdevs == null ? List.of() : List.copyOf(hostdevs);
  }

  /** The flavor's share of the host. */
  public record Size(String flavorName, int vcpus, long memoryMb, int rootDiskGb) {}

  /**
   * One port of the guest, in the order the guest sees them.
   *
   * @param vnicType the port's {@code binding:vnic_type} API name
   * @param vlan the network's VLAN id, or null
   * @param device the device claimed for the port on this host; null for ports without one
   */
  public record Nic(String portId, String vnicType, String mac, Integer vlan, Device device) {}

  /**
   * A claimed device as the controller knows it from the host's own report.
   *
   * @param vdpa the vDPA device bound to a VF, else null
   * @param ifname the function's network interface, if it has one (macvtap needs it)
   */
  public record Device(String address, VdpaDevice vdpa, String ifname) {}
}

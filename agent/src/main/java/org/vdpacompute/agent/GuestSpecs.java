package org.vdpacompute.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.vdpacompute.agent.protocol.GuestBlueprint;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.virt.guest.DomainType;
import org.vdpacompute.virt.guest.GuestDevice;
import org.vdpacompute.virt.guest.GuestFlavor;
import org.vdpacompute.virt.guest.GuestIdentity;
import org.vdpacompute.virt.guest.GuestImage;
import org.vdpacompute.virt.guest.GuestNumaCell;
import org.vdpacompute.virt.guest.GuestSpec;

/**
 * Turns what the controller asks for into this host's guest definition: the domain type of its
 * hypervisor, the root disk under its own state path, and one guest device per port in the kind
 * its vnic_type needs (CONTRACT section 5: a vdpa port is a vDPA interface, never anything else).
 */
public final class GuestSpecs {
  private final DomainType domainType;
  private final Path instancesDir;

  /** @param instancesDir where guests' root disks live, {@code STATE_PATH/instances} */
  public GuestSpecs(DomainType domainType, Path instancesDir) {
    this.domainType = domainType;
    this.instancesDir = instancesDir.toAbsolutePath().normalize();
  }

  public GuestSpec of(GuestBlueprint b) {
    UUID uuid = b.uuid();
    GuestBlueprint.Size size = b.size();
    GuestFlavor flavor = new GuestFlavor(size.flavorName(), size.vcpus(), size.memoryMb(), size.rootDiskGb(),
        guestCells(size, b.hostCells().size()));
    GuestImage image = new GuestImage(b.imageId().toString(), instancesDir.resolve(b.uuid().toString()).resolve("disk"));
    List<GuestDevice> devices = new ArrayList<>();
    for (GuestBlueprint.Nic nic : b.nics()) devices.add(device(nic));
    for (PciAddress address : b.hostdevs()) devices.add(new GuestDevice.PciHostdev(address));
    return new GuestSpec(domainType, new GuestIdentity(uuid, b.name()), flavor, image, devices);
  }

  /** One device per port, of the kind its vnic_type asks for. */
  public GuestDevice device(GuestBlueprint.Nic nic) {
    VnicType vnic = nic.vnicType();
    MacAddress mac = nic.mac();
    if (vnic == VnicType.NORMAL) return GuestDevice.BridgeInterface.integration(mac, nic.portId());
    GuestBlueprint.Device d = nic.device();
    if (d == null) {
      throw new InvalidValueException("port " + nic.portId() + " (vnic_type " + vnic.apiName() + ") has no device claimed for it");
    }
    PciAddress address = d.address();
    return switch (vnic) {
      case VDPA -> {
        if (d.vdpa() == null) {
          throw new InvalidValueException("port " + nic.portId() + " is vdpa but device " + address + " has no vDPA device");
        }
        yield new GuestDevice.VdpaInterface(mac, d.vdpa(), nic.portId());
      }
      case DIRECT_PHYSICAL -> new GuestDevice.PciHostdev(address);
      case MACVTAP -> new GuestDevice.MacvtapInterface(mac, d.ifname(), nic.vlan());
      // remote-managed and virtio-forwarder VFs are handed over as VFs; their datapath is the NIC's.
      default -> new GuestDevice.SriovInterface(mac, address, nic.vlan(), nic.portId());
    };
  }

  /** The flavor's vCPUs and memory shared out over the guest's cells, as Nova's hw:numa_nodes does. */
  private static List<GuestNumaCell> guestCells(GuestBlueprint.Size size, int cells) {
    List<GuestNumaCell> out = new ArrayList<>();
    if (cells == 0) return out;
    int cpuFrom = 0;
    long memoryLeft = size.memoryMb();
    for (int i = 0; i < cells; i++) {
      int cpus = size.vcpus() / cells + (i < size.vcpus() % cells ? 1 : 0);
      long memory = i == cells - 1 ? memoryLeft : size.memoryMb() / cells;
      memoryLeft -= memory;
      TreeSet<Integer> ids = new TreeSet<>();
      for (int c = cpuFrom; c < cpuFrom + cpus; c++) ids.add(c);
      cpuFrom += cpus;
      out.add(new GuestNumaCell(i, ids, memory));
    }
    return out;
  }
}

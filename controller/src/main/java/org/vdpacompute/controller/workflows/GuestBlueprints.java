package org.vdpacompute.controller.workflows;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.vdpacompute.agent.protocol.GuestBlueprint;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.PciDevice;

/** The blueprint of an instance on a host: what the controller tells the host's agent to run. */
final class GuestBlueprints {
  private GuestBlueprints() {}

  /** The instance with its own flavor; see {@link #of(Instance, Flavor, List, List, List)}. */
  static GuestBlueprint of(Instance instance, List<Integer> hostCells, List<PortOnNetwork> ports, List<PciDevice> devices) {
    return of(instance, instance.flavor(), hostCells, ports, devices);
  }

  /**
   * @param flavor the size it is to have there: its own, or the one a resize gives it
   * @param hostCells the host NUMA node of each guest cell there
   * @param ports the instance's ports with their networks, in the order the guest sees them
   * @param devices the devices claimed for the instance on the host it is to run on
   */
  static GuestBlueprint of(Instance instance, Flavor flavor, List<Integer> hostCells, List<PortOnNetwork> ports,
      List<PciDevice> devices) {
    List<GuestBlueprint.Nic> nics = new ArrayList<>();
    for (PortOnNetwork p : ports) {
      GuestBlueprint.Device device = PortBinder.deviceFor(p.port().id(), devices)
          .map(d -> new GuestBlueprint.Device(d.address(), d.vdpa(), d.report().ifname()))
          .orElse(null);
      nics.add(new GuestBlueprint.Nic(UUID.fromString(p.port().id()), p.port().vnicType(),
          MacAddress.parse(p.port().macAddress()), p.network().segmentationId(), device));
    }
    List<PciAddress> hostdevs = devices.stream()
        .filter(d -> d.requestId() != null && d.requestId().startsWith(ServerPciRequests.ALIAS_PREFIX))
        .map(PciDevice::address)
        .toList();
    return new GuestBlueprint(instance.id(), instance.domainName(),
        new GuestBlueprint.Size(flavor.name(), flavor.vcpus(), flavor.ramMb(), flavor.diskGb()),
        UUID.fromString(instance.imageId()), hostCells, nics, hostdevs);
  }
}

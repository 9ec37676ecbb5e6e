package org.vdpacompute.controller.workflows;

import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import java.util.ArrayList;
import java.util.List;
import org.vdpacompute.controller.workflows.ServerPciRequests.PortOnNetwork;
import org.vdpacompute.core.host.GuestBlueprint;
import org.vdpacompute.core.pci.PciDevice;

/** The blueprint of an instance on a host: what the controller tells the host's agent to run. */
public final class GuestBlueprints {
  private GuestBlueprints() {}

  /** The domain name of an instance on its host. */
  public static String domainName(String instanceUuid) {
    return "instance-" + instanceUuid;
  }

  /**
   * @param ports the instance's ports with their networks, in the order the guest sees them
   * @param devices the devices claimed for the instance on the host it is to run on
   */
  public static GuestBlueprint of(Instance instance, List<Integer> hostCells, List<PortOnNetwork> ports,
      List<PciDevice> devices) {
    List<GuestBlueprint.Nic> nics = new ArrayList<>();
    for (PortOnNetwork p : ports) {
      GuestBlueprint.Device device = PortBinder.deviceFor(p.port().id(), devices)
          .map(d -> new GuestBlueprint.Device(d.address().toString(), d.vdpa(), d.report().ifname()))
          .orElse(null);
      nics.add(new GuestBlueprint.Nic(p.port().id(), p.port().vnicType().apiName(), p.port().macAddress(),
          p.network().segmentationId(), device));
    }
    List<String> hostdevs = devices.stream()
        .filter(d -> d.requestId() != null && d.requestId().startsWith(ServerPciRequests.ALIAS_PREFIX))
        .map(d -> d.address().toString())
        .toList();
    Flavor f = instance.flavor();
    return new GuestBlueprint(instance.uuid(), domainName(instance.uuid()),
        new GuestBlueprint.Size(f.name(), f.vcpus(), f.ramMb(), f.diskGb()), instance.imageId(), hostCells, nics, hostdevs);
  }
}

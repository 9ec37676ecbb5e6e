package org.vdpacompute.controller.workflows;

import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.vdpacompute.controller.placement.ClaimingScheduler.Claimed;
import org.vdpacompute.controller.workflows.ServerPciRequests.PortOnNetwork;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.pci.request.AliasRequests;
import org.vdpacompute.core.host.GuestBlueprint;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.scheduler.NoValidHostException;
import org.vdpacompute.scheduler.ScheduleRequest;

/**
 * Interface hot-plug: attach claims a device for the port on the server's own host (or refuses
 * with the reason when none is free), binds the port and plugs it in; detach unplugs it, frees the
 * device and gives the port back. Each undoes its own steps when a later one fails.
 */
final class InterfaceAttachments {
  private final ServerContext c;

  InterfaceAttachments(ServerContext context) {
    this.c = context;
  }

  /** Attaches a port the server has reserved; the port is released again if anything fails. */
  Instance attach(Instance i, Port port, boolean createdForServer, InstanceAction action) {
    String host = i.host();
    List<String> ports = new ArrayList<>(i.portIds());
    ports.add(port.id());
    List<String> created = new ArrayList<>(i.createdPortIds());
    if (createdForServer) created.add(port.id());
    Instance with = i.withPorts(ports, created, c.now());
    PortOnNetwork nic = new PortOnNetwork(port, c.networks().network(port.networkId()));
    List<PciRequest> pci = ServerPciRequests.of(withoutAliases(i.flavor()), List.of(nic), c.flavors().aliases());
    List<PciDevice> devices = List.of();
    if (!pci.isEmpty()) {
      try {
        Claimed claimed = c.scheduler().claimOn(host, new ScheduleRequest(i.uuid(), 0, 0, 0, 0, pci, Set.of(), Set.of()),
            "attach-" + port.id());
        devices = claimed.devices();
      } catch (NoValidHostException e) {
        String why = "Failed to attach port " + port.id() + " to server " + i.uuid() + ": host " + host
            + " has no free device for it. " + e.getMessage();
        c.actions().failed(action, "compute_attach_interface", host, why);
        throw new ConflictException(why);
      }
    }
    try {
      List<PciDevice> claimed = devices;
      c.actions().event(action, "compute_attach_interface", host, () -> {
        c.ports().bind(with, host, claimed);
        GuestBlueprint.Nic plugged = GuestBlueprints.of(with, with.guestCells(), List.of(nic), claimed).nics().get(0);
        c.agents().attachNic(c.agentUrl(host), UUID.fromString(i.uuid()), plugged);
      });
      if (!devices.isEmpty()) c.inventory().allocate(host, i.uuid());
      if (!c.instances().update(with)) throw new ConflictException("server " + i.uuid() + " changed during the attach; try again");
      return with;
    } catch (RuntimeException e) {
      c.inventory().freeRequest(host, i.uuid(), port.id());
      throw e;
    }
  }

  /** Unplugs a port from the server, frees its device, and gives it back (or deletes it if made for the server). */
  Instance detach(Instance i, String portId, InstanceAction action) {
    if (!i.portIds().contains(portId)) {
      throw new NotFoundException("Port " + portId + " is not attached to server " + i.uuid() + ".");
    }
    String host = i.host();
    PortOnNetwork nic = c.portsOf(i).stream().filter(p -> p.port().id().equals(portId)).findFirst()
        .orElseThrow(() -> new NotFoundException("Port " + portId + " could not be found."));
    List<PciDevice> devices = c.inventory().heldBy(host, i.uuid()).stream().filter(d -> portId.equals(d.requestId())).toList();
    GuestBlueprint.Nic plugged = GuestBlueprints.of(i, i.guestCells(), List.of(nic), devices).nics().get(0);
    c.actions().event(action, "compute_detach_interface", host,
        () -> c.agents().detachNic(c.agentUrl(host), UUID.fromString(i.uuid()), plugged));
    c.inventory().freeRequest(host, i.uuid(), portId);
    List<String> ports = new ArrayList<>(i.portIds());
    ports.remove(portId);
    List<String> created = new ArrayList<>(i.createdPortIds());
    boolean wasCreated = created.remove(portId);
    Instance without = i.withPorts(ports, created, c.now());
    c.instances().update(without);
    c.ports().release(i.uuid(), List.of(portId), wasCreated ? List.of(portId) : List.of());
    return without;
  }

  /** Only the port's own request is claimed: the flavor's aliases were claimed at boot. */
  private static Flavor withoutAliases(Flavor f) {
    Map<String, String> specs = new HashMap<>(f.extraSpecs());
    specs.remove(AliasRequests.EXTRA_SPEC);
    return new Flavor(f.id(), f.name(), f.vcpus(), f.ramMb(), f.diskGb(), f.ephemeralGb(), f.swapMb(), f.rxtxFactor(),
        f.isPublic(), f.description(), specs);
  }
}

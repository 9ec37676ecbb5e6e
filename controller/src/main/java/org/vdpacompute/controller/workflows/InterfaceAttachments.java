package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vdpacompute.agent.protocol.GuestBlueprint;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.FlavorService;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.placement.ClaimingScheduler;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.request.AliasRequests;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.scheduler.NoValidHostException;
import org.vdpacompute.scheduler.ScheduleRequest;

/**
 * Interface hot-plug: attach claims a device for the port on the server's own host (or refuses
 * with the reason when none is free), binds the port and plugs it in; detach unplugs it, frees the
 * device and gives the port back. A failed attach frees the device it claimed; the caller gives
 * the port back.
 */
final class InterfaceAttachments {
  private static final String ATTACH = "compute_attach_interface";
  private static final String DETACH = "compute_detach_interface";

  private final SagaRunner runner;
  private final Saga<Attach> attach;
  private final Saga<Detach> detach;

  /** One attach as its steps share it: the port reserved for the server, and the device claimed for it. */
  static final class Attach extends SagaState {
    final Port port;
    final boolean createdForServer;
    PortOnNetwork nic;
    List<PciDevice> devices = List.of();

    Attach(Instance marked, InstanceAction action, Port port, boolean createdForServer) {
      super(marked, action);
      this.port = port;
      this.createdForServer = createdForServer;
    }
  }

  /** One detach as its steps share it. */
  static final class Detach extends SagaState {
    final String portId;
    final boolean createdForServer;

    Detach(Instance marked, InstanceAction action, String portId) {
      super(marked, action);
      this.portId = portId;
      this.createdForServer = marked.createdPortIds().contains(portId);
    }
  }

  InterfaceAttachments(SagaRunner runner, ClaimingScheduler scheduler, HostInventory inventory, Agents agents,
      NetworkService networks, PortBinder ports, InstancePorts instancePorts, FlavorService flavors, Clock clock) {
    this.runner = runner;
    attach = Saga.of("interface attach", Saga.Ending.REVERT_TASK,
        Step.<Attach>of("claim a device for the port", a -> {
          a.nic = new PortOnNetwork(a.port, networks.network(a.port.networkId()));
          // Only the port's own request: the flavor's aliases were claimed at boot.
          List<PciRequest> pci = ServerPciRequests.of(withoutAliases(a.instance.flavor()), List.of(a.nic),
              flavors.aliases());
          if (pci.isEmpty()) return;
          try {
            // Nothing but the device is taken of the host: the server has its share of it already.
            a.devices = scheduler.claimOn(a.instance.host(), new ScheduleRequest(a.instance.uuid(), 0, 0, 0, 0, pci,
                Set.of(), Set.of()), "attach-" + a.port.id()).devices();
          } catch (NoValidHostException e) {
            throw new ConflictException("Failed to attach port " + a.port.id() + " to server " + a.instance.uuid()
                + ": host " + a.instance.host() + " has no free device for it. " + e.getMessage());
          }
        }).event(ATTACH, a -> a.instance.host())
            .undo(a -> inventory.freeRequest(a.instance.host(), a.instance.uuid(), a.port.id())),
        Step.<Attach>of("plug the port in", a -> {
          Instance with = a.instance.interfaceAttached(a.port.id(), a.createdForServer, clock.instant());
          // The new port alone: the server's other ports keep their own devices' bindings.
          ports.bind(with, List.of(a.nic), a.instance.host(), a.devices);
          GuestBlueprint.Nic plugged = GuestBlueprints.of(with, with.guestCells(), List.of(a.nic), a.devices).nics().get(0);
          agents.on(a.instance.host()).attachNic(a.instance.id(), plugged);
        }),
        Step.<Attach>recording("record the port attached", a -> {
          if (!a.devices.isEmpty()) inventory.allocate(a.instance.host(), a.instance.uuid());
          a.instance = runner.record(a.instance.interfaceAttached(a.port.id(), a.createdForServer, clock.instant()),
              "its interface was attached");
        }));
    detach = Saga.of("interface detach", Saga.Ending.REVERT_TASK,
        Step.<Detach>of("unplug the port", d -> {
          PortOnNetwork nic = instancePorts.of(d.instance).stream().filter(p -> p.port().id().equals(d.portId))
              .findFirst().orElseThrow(() -> new NotFoundException("Port " + d.portId + " could not be found."));
          List<PciDevice> devices = inventory.heldBy(d.instance.host(), d.instance.uuid()).stream()
              .filter(x -> d.portId.equals(x.requestId())).toList();
          GuestBlueprint.Nic plugged = GuestBlueprints.of(d.instance, d.instance.guestCells(), List.of(nic), devices)
              .nics().get(0);
          agents.on(d.instance.host()).detachNic(d.instance.id(), plugged);
        }).event(DETACH, d -> d.instance.host()),
        Step.<Detach>recording("give the port back", d -> {
          inventory.freeRequest(d.instance.host(), d.instance.uuid(), d.portId);
          d.instance = runner.record(d.instance.interfaceDetached(d.portId, clock.instant()), "its interface was detached");
          ports.release(d.instance.uuid(), List.of(d.portId), d.createdForServer ? List.of(d.portId) : List.of());
        }));
  }

  /** Attaches a port the server has reserved; the caller gives the port back if the server does not have it after. */
  void attach(Instance marked, Port port, boolean createdForServer, InstanceAction action) {
    runner.run(attach, new Attach(marked, action, port, createdForServer));
  }

  /** Unplugs a port from the server, frees its device, and gives it back (or deletes it if made for the server). */
  void detach(Instance marked, String portId, InstanceAction action) {
    runner.run(detach, new Detach(marked, action, portId));
  }

  private static Flavor withoutAliases(Flavor f) {
    Map<String, String> specs = new HashMap<>(f.extraSpecs());
    specs.remove(AliasRequests.EXTRA_SPEC);
    return f.withExtraSpecs(specs);
  }
}

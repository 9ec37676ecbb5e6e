package org.vdpacompute.controller.workflows;

import java.util.List;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.core.pci.PciDevice;

/**
 * A server's guest as its record says it is: the devices it holds on its host, its ports bound to
 * them, defined there anew; a port that names the server but that the record does not give it (an
 * attach cut short) is given back with its device first. What a HARD reboot does, and what recovery
 * does to a guest whose interfaces a stopped controller may have left half plugged.
 */
final class RecordedGuest {
  private final Agents agents;
  private final HostInventory inventory;
  private final InstancePorts ports;
  private final PortBinder binder;
  private final NetworkService networks;

  RecordedGuest(Agents agents, HostInventory inventory, InstancePorts ports, PortBinder binder,
      NetworkService networks) {
    this.agents = agents;
    this.inventory = inventory;
    this.ports = ports;
    this.binder = binder;
    this.networks = networks;
  }

  /** Undefines what the server's host defines of it; nothing there is no failure. */
  void undefine(Instance i) {
    agents.on(i.host()).destroy(i.id());
  }

  /** Defines and starts the guest on the server's host from the record: its held devices, its ports bound to them. */
  void define(Instance i) {
    for (Port p : networks.ports(i.projectId())) {
      if (!i.uuid().equals(p.deviceId()) || i.portIds().contains(p.id())) continue;
      inventory.freeRequest(i.host(), i.uuid(), p.id());
      binder.release(i.uuid(), List.of(p.id()), List.of());
    }
    List<PciDevice> held = inventory.heldBy(i.host(), i.uuid());
    List<PortOnNetwork> bound = binder.bind(i, ports.of(i), i.host(), held);
    agents.on(i.host()).spawn(GuestBlueprints.of(i, i.guestCells(), bound, held));
  }
}

package org.vdpacompute.controller.compute;

import java.util.ArrayList;
import java.util.List;
import org.vdpacompute.controller.compute.ServerPciRequests.PortOnNetwork;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.core.NotFoundException;

/** The ports of an instance with their networks, in the order its guest sees them. */
public final class InstancePorts {
  private final NetworkService networks;

  public InstancePorts(NetworkService networks) {
    this.networks = networks;
  }

  /** The ports the instance still has; one its user deleted meanwhile is simply not there. */
  public List<PortOnNetwork> of(Instance instance) {
    List<PortOnNetwork> list = new ArrayList<>();
    for (String id : instance.portIds()) {
      try {
        Port p = networks.port(id);
        list.add(new PortOnNetwork(p, networks.network(p.networkId())));
      } catch (NotFoundException deleted) {
        // Neutron lets a user delete a port a server has
      }
    }
    return list;
  }
}

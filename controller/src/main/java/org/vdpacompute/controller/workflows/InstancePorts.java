package org.vdpacompute.controller.workflows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.core.NotFoundException;

/** The ports of an instance with their networks, in the order its guest sees them. */
final class InstancePorts {
  private final NetworkService networks;

  InstancePorts(NetworkService networks) {
    this.networks = networks;
  }

  /**
   * The ports the instance still has, read together; one its user deleted meanwhile is simply not
   * there (Neutron lets a user delete a port a server has).
   */
  List<PortOnNetwork> of(Instance instance) {
    Map<String, Port> found = new HashMap<>();
    for (Port p : networks.portsWithIds(instance.portIds())) found.put(p.id(), p);
    List<PortOnNetwork> list = new ArrayList<>(found.size());
    for (String id : instance.portIds()) {
      Port p = found.get(id);
      if (p == null) continue;
      try {
        list.add(new PortOnNetwork(p, networks.networkOf(p)));
      } catch (NotFoundException deleted) {
        // the port and its network were deleted since the port was read
      }
    }
    return list;
  }
}

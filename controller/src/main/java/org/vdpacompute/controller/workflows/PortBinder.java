package org.vdpacompute.controller.workflows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.request.VnicType;

/**
 * Binds an instance's ports to the host it runs on and to the devices claimed for them there, and
 * gives them back: Nova's part of a port binding, done against our own networking service.
 */
final class PortBinder {
  private final NetworkService networks;

  PortBinder(NetworkService networks) {
    this.networks = networks;
  }

  /**
   * The VIF type Neutron's ML2 drivers report for each kind of port on a SmartNIC host: vDPA and
   * normal ports are plugged into the offloaded OVS, VFs handed whole are SR-IOV's hw_veb, PFs
   * hostdev_physical.
   */
  static String vifType(VnicType vnic) {
    switch (vnic) {
      case DIRECT: case MACVTAP: return "hw_veb";
      case DIRECT_PHYSICAL: return "hostdev_physical";
      case VIRTIO_FORWARDER: return "vhostuser";
      default: return "ovs";
    }
  }

  /** Binds each port to the host, with the details of the device claimed for it, if any. */
  void bind(Instance instance, String host, List<PciDevice> devices) {
    for (String portId : instance.portIds()) {
      bind(instance, networks.port(portId), host, devices);
    }
  }

  /**
   * {@link #bind(Instance, String, List)} for ports the caller has read already: each is written
   * over as read, and read again only if it changed since. Returns the ports as bound, in order.
   */
  List<PortOnNetwork> bind(Instance instance, List<PortOnNetwork> nics, String host, List<PciDevice> devices) {
    List<PortOnNetwork> bound = new ArrayList<>(nics.size());
    for (PortOnNetwork nic : nics) {
      bound.add(new PortOnNetwork(bind(instance, nic.port(), host, devices), nic.network()));
    }
    return bound;
  }

  private Port bind(Instance instance, Port port, String host, List<PciDevice> devices) {
    Map<String, Object> profile = deviceFor(port.id(), devices).map(PortBinder::profile).orElse(Map.of());
    return networks.bind(port, instance.uuid(), host, vifType(port.vnicType()), profile);
  }

  /** Clears the host binding of each port; the instance keeps them, to bind them again elsewhere. */
  void unbind(Instance instance) {
    for (String portId : instance.portIds()) {
      networks.unbind(portId);
    }
  }

  /** Gives the user's ports back and deletes those made for the instance. */
  void release(Instance instance) {
    release(instance.uuid(), instance.portIds(), instance.createdPortIds());
  }

  /** {@link #release(Instance)} for some ports of an instance: the user's given back, {@code created} deleted. */
  void release(String instanceUuid, List<String> portIds, List<String> created) {
    for (String portId : portIds) {
      if (created.contains(portId)) {
        try {
          networks.deletePort(portId);
        } catch (NotFoundException gone) {
          // deleted already, by the user or an earlier attempt
        }
      } else {
        try {
          networks.release(portId, instanceUuid);
        } catch (NotFoundException gone) {
          // the user deleted the port while the server had it
        }
      }
    }
  }

  /** The device claimed for a port: its request is named after the port. */
  static Optional<PciDevice> deviceFor(String portId, List<PciDevice> devices) {
    return devices.stream().filter(d -> portId.equals(d.requestId())).findFirst();
  }

  /**
   * What Nova writes into {@code binding:profile} for a port with a device. A device on no physical
   * network (one serving tunnelled networks) leaves {@code physical_network} out, where Nova writes null.
   */
  static Map<String, Object> profile(PciDevice d) {
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("pci_vendor_info", d.report().ids().toString());
    profile.put("pci_slot", d.address().toString());
    if (d.physicalNetwork() != null) {
      profile.put("physical_network", d.physicalNetwork());
    }
    return profile;
  }
}

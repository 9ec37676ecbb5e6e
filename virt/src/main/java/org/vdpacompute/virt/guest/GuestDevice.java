package org.vdpacompute.virt.guest;

import org.vdpacompute.core.net.MacAddress;
import java.util.UUID;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;

/**
 * A network interface or PCI device of a guest, one kind per port {@code vnic_type} (and one for
 * flavor alias devices). {@link GuestXmlBuilder} turns each into libvirt XML.
 */
public sealed interface GuestDevice {

  /**
   * True when the device reads and writes guest memory by DMA, so the guest's memory must be locked
   * in host RAM (see {@link GuestXmlBuilder}).
   */
  boolean usesDma();

  /**
   * {@code vnic_type=vdpa}: a virtio interface backed by the claimed VF's vhost-vdpa device.
   *
   * @param portId the port it serves, which names the device ({@link PortDevice}); null for none
   */
  record VdpaInterface(MacAddress mac, VdpaDevice device, UUID portId) implements GuestDevice {
    public VdpaInterface {
      require(mac, "a vdpa interface needs a MAC address");
      require(device, "vdpa interface " + mac + " needs a vDPA device");
    }

    /** An interface that names no port. */
    public VdpaInterface(MacAddress mac, VdpaDevice device) {
      this(mac, device, null);
    }

    @Override
    public boolean usesDma() {
      return true;
    }
  }

  /**
   * {@code vnic_type=direct}: the VF itself is given to the guest, with the port's MAC and the
   * network's VLAN set on it by the host.
   *
   * @param vlan the network's VLAN id, or null for a flat network
   * @param portId the port it serves, which names the device ({@link PortDevice}); null for none
   */
  record SriovInterface(MacAddress mac, PciAddress vf, Integer vlan, UUID portId) implements GuestDevice {
    public SriovInterface {
      require(mac, "a direct interface needs a MAC address");
      require(vf, "direct interface " + mac + " needs a VF address");
      checkVlan(vlan);
    }

    /** An interface that names no port. */
    public SriovInterface(MacAddress mac, PciAddress vf, Integer vlan) {
      this(mac, vf, vlan, null);
    }

    @Override
    public boolean usesDma() {
      return true;
    }
  }

  /**
   * {@code vnic_type=macvtap}: a macvtap device in passthrough mode on the VF's network interface;
   * the guest sees virtio and the VF stays in the host.
   */
  record MacvtapInterface(MacAddress mac, String vfNetdev, Integer vlan) implements GuestDevice {
    public MacvtapInterface {
      require(mac, "a macvtap interface needs a MAC address");
      if (vfNetdev == null || vfNetdev.isBlank()) {
        throw new InvalidValueException("macvtap interface " + mac + " needs the VF's network interface");
      }
      checkVlan(vlan);
    }

    @Override
    public boolean usesDma() {
      return false;
    }
  }

  /**
   * {@code vnic_type=normal}: a tap device on the Open vSwitch integration bridge, tagged with the
   * port id so the network agent can find and wire it.
   */
  record BridgeInterface(MacAddress mac, String bridge, UUID portId) implements GuestDevice {
    /** The integration bridge, as in Nova's and Neutron's default configuration. */
    public static final String INTEGRATION_BRIDGE = "br-int";

    public BridgeInterface {
      require(mac, "a bridge interface needs a MAC address");
      require(portId, "bridge interface " + mac + " needs its port id");
      bridge = bridge == null ? INTEGRATION_BRIDGE : bridge;
    }

    public static BridgeInterface integration(MacAddress mac, UUID portId) {
      return new BridgeInterface(mac, INTEGRATION_BRIDGE, portId);
    }

    /** The tap device name: {@code tap} and the port id's first 11 characters, as Nova names it. */
    public String tapName() {
      return "tap" + portId.toString().substring(0, 11);
    }

    @Override
    public boolean usesDma() {
      return false;
    }
  }

  /**
   * A whole PCI device given to the guest: the PF of a {@code direct-physical} port, or a device a
   * flavor asks for through a PCI alias.
   */
  record PciHostdev(PciAddress address) implements GuestDevice {
    public PciHostdev {
      require(address, "a PCI hostdev needs an address");
    }

    @Override
    public boolean usesDma() {
      return true;
    }
  }

  private static void require(Object value, String message) {
    if (value == null) {
      throw new InvalidValueException(message);
    }
  }

  private static void checkVlan(Integer vlan) {
    if (vlan != null && (vlan < 1 || vlan > 4094)) {
      throw new InvalidValueException("VLAN id " + vlan + " is outside 1..4094");
    }
  }
}

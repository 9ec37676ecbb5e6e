package org.vdpacompute.core.pci.request;

import org.vdpacompute.core.pci.DevType;

/** The {@code binding:vnic_type} of a port, and what kind of PCI device, if any, it consumes. */
public enum VnicType {
  NORMAL("normal", null),
  DIRECT("direct", DevType.VF),
  DIRECT_PHYSICAL("direct-physical", DevType.PF),
  MACVTAP("macvtap", DevType.VF),
  VDPA("vdpa", DevType.VDPA),
  VIRTIO_FORWARDER("virtio-forwarder", DevType.VF),
  REMOTE_MANAGED("remote-managed", DevType.VF);

  private final String apiName;
  private final DevType devType;

  VnicType(String apiName, DevType devType) {
    this.apiName = apiName;
    this.devType = devType;
  }

  public String apiName() {
    return apiName;
  }

  /** The device type such a port asks for, or null for a port that needs no PCI device. */
  public DevType devType() {
    return devType;
  }

  public boolean needsPciDevice() {
    return devType != null;
  }

  /**
   * Whether the port's traffic goes through its VF's representor in the host's offloaded switch,
   * which the agent plugs into the integration bridge (CONTRACT section 6), as os-vif's OVS plugin
   * does for hardware offload: a vDPA device or a VF given to the guest. A PF has no representor;
   * macvtap, virtio-forwarder and remote-managed ports are wired by others (the host's netdev, a
   * forwarder, the SmartNIC's own switch).
   */
  public boolean pluggedIntoSwitch() {
    return this == VDPA || this == DIRECT;
  }

  /** Parses an API name; an unknown one is a {@link UnknownVnicTypeException}. */
  public static VnicType fromApiName(String name) {
    for (VnicType v : values()) {
      if (v.apiName.equals(name)) {
        return v;
      }
    }
    throw new UnknownVnicTypeException(name);
  }

  @Override
  public String toString() {
    return apiName;
  }
}

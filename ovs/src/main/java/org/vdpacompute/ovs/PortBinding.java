package org.vdpacompute.ovs;

import java.util.Map;
import java.util.UUID;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.net.MacAddress;

/**
 * A port's VF representor as it is plugged into the bridge: the interface's name and the
 * {@code external_ids} os-vif's OVS plugin writes for a hardware-offloaded port, by which the
 * network's agent (Neutron's OVS agent, ovn-controller) finds the port.
 *
 * @param representor the representor netdev, which names the Port and Interface rows
 * @param portId the network port's id ({@code iface-id})
 * @param mac the port's MAC address ({@code attached-mac})
 * @param instance the server the port belongs to ({@code vm-uuid})
 */
public record PortBinding(String representor, String portId, MacAddress mac, UUID instance) {

  static final String IFACE_ID = "iface-id";
  static final String IFACE_STATUS = "iface-status";
  static final String ATTACHED_MAC = "attached-mac";
  static final String VM_UUID = "vm-uuid";
  static final String ACTIVE = "active";

  // A Linux netdev name: at most 15 bytes (IFNAMESIZ - 1), no '/' and no whitespace.
  private static final int MAX_NETDEV_NAME = 15;

  public PortBinding {
    if (representor == null || representor.isEmpty() || representor.length() > MAX_NETDEV_NAME
        || representor.chars().anyMatch(c -> c == '/' || Character.isWhitespace(c))) {
      throw new InvalidValueException("'" + representor + "' is not a network device name"
          + " (1 to 15 characters, no '/' or whitespace)");
    }
    if (portId == null || portId.isBlank()) {
      throw new InvalidValueException("a plugged representor needs the port id it serves");
    }
    if (mac == null || instance == null) {
      throw new InvalidValueException("representor " + representor + " of port " + portId
          + " needs the port's MAC address and the server's id");
    }
  }

  /** The interface's {@code external_ids} as os-vif writes them. */
  Map<String, String> externalIds() {
    return Map.of(IFACE_ID, portId, IFACE_STATUS, ACTIVE, ATTACHED_MAC, mac.value(), VM_UUID, instance.toString());
  }

  /**
   * The binding an interface's {@code external_ids} describe, or null when they are not a
   * plugged port's (another program's interface, or values that do not parse).
   */
  static PortBinding fromExternalIds(String name, Map<String, String> ids) {
    if (!ids.keySet().containsAll(java.util.List.of(IFACE_ID, ATTACHED_MAC, VM_UUID))) {
      return null;
    }
    try {
      return new PortBinding(name, ids.get(IFACE_ID), MacAddress.parse(ids.get(ATTACHED_MAC)),
          UUID.fromString(ids.get(VM_UUID)));
    } catch (InvalidValueException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether {@code ids} already say everything this binding writes. */
  boolean writtenIn(Map<String, String> ids) {
    return ids.entrySet().containsAll(externalIds().entrySet());
  }
}

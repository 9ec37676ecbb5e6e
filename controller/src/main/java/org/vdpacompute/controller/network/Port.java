package org.vdpacompute.controller.network;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vdpacompute.core.pci.request.VnicType;

/**
 * A port: a network attachment with a MAC and fixed IPs, and how it is bound to a host. For SR-IOV
 * and vDPA ports the binding profile names the device the guest got ({@code pci_slot},
 * {@code pci_vendor_info}, {@code physical_network}).
 *
 * @param bindingHostId the host the port is bound to, or null
 * @param bindingProfile what the user put there, merged with the device details while bound
 * @param deviceId the instance using the port, or null
 * @param revisionNumber bumped by every change, as Neutron's; writers compare it to detect races
 */
public record Port(
    String id,
    String name,
    String networkId,
    String projectId,
    String macAddress,
    List<FixedIp> fixedIps,
    VnicType vnicType,
    String bindingHostId,
    Map<String, Object> bindingProfile,
    String bindingVifType,
    String deviceId,
    String deviceOwner,
    String status,
    boolean adminStateUp,
    Instant createdAt,
    Instant updatedAt,
    long revisionNumber) {

  public Port {
    fixedIps = List.copyOf(fixedIps);
    bindingProfile = withoutNulls(bindingProfile);
  }

  /** A profile key set to null says nothing, and an immutable copy cannot hold it: it is left out. */
  private static Map<String, Object> withoutNulls(Map<String, Object> profile) {
    if (profile == null) return Map.of();
    Map<String, Object> kept = new java.util.LinkedHashMap<>(profile);
    kept.values().removeIf(java.util.Objects::isNull);
    return Map.copyOf(kept);
  }

  /** One address of the port. */
  public record FixedIp(String subnetId, String ipAddress) {}

  public boolean isBound() {
    return bindingHostId != null;
  }

  public boolean inUse() {
    return deviceId != null && !deviceId.isEmpty();
  }
}

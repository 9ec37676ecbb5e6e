package org.vdpacompute.core.pci.request;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.Tags;

/**
 * Turns a port into the PCI request it implies. As in Nova, the request names the device type, the
 * network's physical network, and whether the device is remote-managed; unlike Nova, ports other
 * than {@code direct-physical} and {@code vdpa} get VFs only (never a whitelisted type-PCI device).
 */
public final class PortRequests {
  private PortRequests() {}

  /**
   * The request for a port, or empty for a port that needs no PCI device.
   *
   * @param physicalNetwork the port's network's physical network; null for tunnelled networks
   * @param trusted what the port's binding:profile asks of the devices' {@code trusted} tag
   * @param portPolicy the port's own NUMA affinity policy, or null
   * @param flavorPolicy the flavor's or image's policy, or null
   */
  public static Optional<PciRequest> forPort(
      String requestId,
      String portId,
      VnicType vnicType,
      String physicalNetwork,
      TrustedMode trusted,
      NumaPolicy portPolicy,
      NumaPolicy flavorPolicy) {
    DevType devType = vnicType.devType();
    if (devType == null) {
      return Optional.empty();
    }
    Map<String, String> spec = new LinkedHashMap<>();
    spec.put(Tags.DEV_TYPE, devType.tagValue());
    spec.put(Tags.PHYSICAL_NETWORK, physicalNetwork);
    spec.put(Tags.REMOTE_MANAGED, Boolean.toString(vnicType == VnicType.REMOTE_MANAGED));
    trusted.askIn(spec);
    return Optional.of(new PciRequest(
        requestId, portId, null, 1, List.of(new RequestSpec(spec)),
        NumaPolicy.effective(portPolicy, flavorPolicy, null), vnicType.pluggedIntoSwitch()));
  }
}

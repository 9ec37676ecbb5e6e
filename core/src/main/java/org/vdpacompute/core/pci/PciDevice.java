package org.vdpacompute.core.pci;

import java.util.Map;

/**
 * A tracked device as the rest of the system sees it: what the host reported, the tags its spec
 * gave it, its status, and who holds it.
 *
 * @param instanceUuid the instance holding the device, while claimed or allocated
 * @param claimId the claim that took it (an instance may hold several claims during a resize)
 * @param requestId the request of that claim the device serves
 * @param stale true when the host no longer reports the device but an instance still holds it
 * @param parentIfname the network interface of the device's PF, part of its pool
 */
public record PciDevice(
    DeviceReport report,
    Map<String, String> tags,
    String parentIfname,
    DeviceStatus status,
    String instanceUuid,
    String claimId,
    String requestId,
    boolean stale) {

  public PciDevice {
    tags = Map.copyOf(tags);
  }

  public PciAddress address() {
    return report.address();
  }

  public DevType type() {
    return report.type();
  }

  public PciAddress parentAddress() {
    return report.parentAddress();
  }

  public VdpaDevice vdpa() {
    return report.vdpa();
  }

  public String physicalNetwork() {
    return tags.get(Tags.PHYSICAL_NETWORK);
  }
}

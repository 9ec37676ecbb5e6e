package org.vdpacompute.core.pci.tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.DeviceStatus;
import org.vdpacompute.core.pci.DeviceStatusException;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.pool.PoolKey;

/**
 * One device inside a host's tracker: mutable, guarded by the tracker's lock. Its own transitions
 * (claim, allocate, free) are here; what they do to its relatives is in {@link HostDevices}.
 */
final class TrackedDevice {
  DeviceReport report;
  Map<String, String> tags;
  /** The network interface of the parent PF, part of the pool key. */
  String parentIfname;
  PoolKey poolKey;
  DeviceStatus status = DeviceStatus.AVAILABLE;
  String instanceUuid;
  String claimId;
  String requestId;
  /** The host stopped reporting the device while it was held: removed when freed. */
  boolean stale;
  /** Newer details reported while the device was held: taken when freed. */
  DeviceReport pendingReport;
  Map<String, String> pendingTags;
  String pendingParentIfname;
  TrackedDevice parent;
  /** A PF's VFs (see {@link #adopt}); a list of its own only for a device that has children, most have none. */
  List<TrackedDevice> children = List.of();

  TrackedDevice(DeviceReport report, Map<String, String> tags, String parentIfname) {
    setDetails(report, tags, parentIfname);
  }

  /** Links a VF to this PF, its parent. */
  void adopt(TrackedDevice child) {
    if (children.isEmpty()) children = new ArrayList<>();
    children.add(child);
    child.parent = this;
  }

  void setDetails(DeviceReport newReport, Map<String, String> newTags, String newParentIfname) {
    report = newReport;
    tags = Map.copyOf(newTags);
    parentIfname = newParentIfname;
    poolKey = PoolKey.of(report.ids(), report.type(), report.numaNode(), parentIfname, tags);
  }

  /** Whether the host's newest report says something else about this device. */
  boolean differsFrom(DeviceReport newReport, Map<String, String> newTags, String newParentIfname) {
    return !report.equals(newReport) || !tags.equals(newTags)
        || !java.util.Objects.equals(parentIfname, newParentIfname);
  }

  /** The PF group the device counts in: its own address for a PF, its tracked parent's for a child. */
  PciAddress group() {
    if (type() == DevType.PF) return address();
    return parent == null ? null : parent.address();
  }

  PciAddress address() {
    return report.address();
  }

  DevType type() {
    return report.type();
  }

  boolean isHeld() {
    return status.isHeld();
  }

  boolean isPresent() {
    return status != DeviceStatus.REMOVED;
  }

  /** available -> claimed. A PF's held child or a held parent forbids it. */
  void claim(String instance, String claim, String request) {
    require(status == DeviceStatus.AVAILABLE, DeviceStatus.CLAIMED, null);
    if (type() == DevType.PF) {
      for (TrackedDevice child : children) {
        // Children merely blocked (unclaimable/unavailable) do not stop the PF: Nova tolerates
        // that inconsistency (its bug 1969496) and so do we; a child held by a guest does.
        if (child.isHeld()) {
          require(false, DeviceStatus.CLAIMED, "its VF " + child.address() + " is " + child.status);
        }
      }
    } else if (parent != null && parent.isHeld()) {
      require(false, DeviceStatus.CLAIMED, "its PF " + parent.address() + " is " + parent.status);
    }
    status = DeviceStatus.CLAIMED;
    instanceUuid = instance;
    claimId = claim;
    requestId = request;
  }

  /** claimed -> allocated, by the instance that claimed it. */
  void allocate(String instance) {
    require(status == DeviceStatus.CLAIMED && instance.equals(instanceUuid), DeviceStatus.ALLOCATED,
        instanceUuid == null || instance.equals(instanceUuid) ? null : "it belongs to instance " + instanceUuid);
    status = DeviceStatus.ALLOCATED;
  }

  /** claimed or allocated -> available (or removed, when the host no longer has it). */
  void free() {
    require(isHeld(), DeviceStatus.AVAILABLE, "it is not held");
    instanceUuid = null;
    claimId = null;
    requestId = null;
    if (pendingReport != null) {
      setDetails(pendingReport, pendingTags, pendingParentIfname);
      pendingReport = null;
      pendingTags = null;
      pendingParentIfname = null;
    }
    status = stale ? DeviceStatus.REMOVED : DeviceStatus.AVAILABLE;
    stale = false;
  }

  private void require(boolean ok, DeviceStatus wanted, String why) {
    if (!ok) {
      throw new DeviceStatusException(address(), type(), status, wanted, why);
    }
  }

  PciDevice view() {
    return new PciDevice(report, tags, parentIfname, status, instanceUuid, claimId, requestId, stale);
  }

  @Override
  public String toString() {
    return type() + " " + address() + " " + status;
  }
}

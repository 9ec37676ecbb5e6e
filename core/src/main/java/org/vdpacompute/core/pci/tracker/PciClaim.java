package org.vdpacompute.core.pci.tracker;

import java.util.List;
import java.util.Map;
import org.vdpacompute.core.pci.PciDevice;

/**
 * Devices claimed for one instance on one host, request by request. Rolls back on {@link #close()}
 * unless {@link #commit() committed}, so that a failure between claiming and recording the claim
 * leaves nothing behind:
 *
 * <pre>{@code
 * try (PciClaim claim = tracker.claim(instance, claimId, requests, numa)) {
 *   store.save(claim.devices());
 *   claim.commit();
 * }
 * }</pre>
 */
public final class PciClaim implements AutoCloseable {
  private final HostDevices tracker;
  private final String instanceUuid;
  private final String claimId;
  private final Map<String, List<PciDevice>> devicesByRequest;
  private final List<PciDevice> devices;
  private boolean committed;
  private boolean closed;

  PciClaim(HostDevices tracker, String instanceUuid, String claimId, Map<String, List<PciDevice>> devicesByRequest) {
    this.tracker = tracker;
    this.instanceUuid = instanceUuid;
    this.claimId = claimId;
    this.devicesByRequest = Map.copyOf(devicesByRequest);
    List<PciDevice> all = new java.util.ArrayList<>();
    for (List<PciDevice> served : devicesByRequest.values()) all.addAll(served);
    this.devices = List.copyOf(all);
  }

  public String host() {
    return tracker.host();
  }

  public String instanceUuid() {
    return instanceUuid;
  }

  public String claimId() {
    return claimId;
  }

  /** The devices serving each request, by request id, as they were when claimed. */
  public Map<String, List<PciDevice>> devicesByRequest() {
    return devicesByRequest;
  }

  /** Every claimed device. */
  public List<PciDevice> devices() {
    return devices;
  }

  /** Keeps the claim: closing no longer frees it. */
  public void commit() {
    if (closed) throw new IllegalStateException("claim " + claimId + " was already rolled back");
    committed = true;
  }

  /** Frees the devices unless the claim was committed. */
  @Override
  public void close() {
    if (!committed && !closed) {
      closed = true;
      tracker.freeClaim(claimId);
    }
  }
}

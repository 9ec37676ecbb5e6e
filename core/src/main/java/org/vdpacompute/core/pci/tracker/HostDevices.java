package org.vdpacompute.core.pci.tracker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceIdentity;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.DeviceStatus;
import org.vdpacompute.core.pci.DeviceWhitelist;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.pool.FitPlan;
import org.vdpacompute.core.pci.pool.FitQuery;
import org.vdpacompute.core.pci.pool.HostPools;
import org.vdpacompute.core.pci.pool.NumaPlacement;
import org.vdpacompute.core.pci.pool.Pool;
import org.vdpacompute.core.pci.pool.PoolKey;
import org.vdpacompute.core.pci.request.PciRequest;

/**
 * The PCI devices of one host: which may be handed out, to whom, and what is left.
 *
 * <p>Design. Each device has its own status and owner, changed only by explicit transitions
 * (claim, allocate, free) that refuse with the status found and wanted. The PF/VF tree is not kept
 * by remembering to update relatives, as Nova does: after every change the blocked statuses of a
 * PF's family are derived again from who holds what (a held PF blocks its children, claimed or
 * allocated; held children block the PF, allocated winning over claimed). So an impossible mix,
 * such as a usable PF under a held VF, cannot arise, whatever order operations come in. Pools are
 * a derived view of the available devices, rebuilt lazily after a change. Claims take all of an
 * instance's requests at once, by a plan from {@link FitQuery} on this very state, so the fitting
 * and the claim never disagree. All methods are synchronized: the tracker is the arbiter of one
 * host.
 */
public final class HostDevices {
  private final String host;
  private final DeviceWhitelist whitelist;
  private final Map<PciAddress, TrackedDevice> devices = new TreeMap<>();
  /** The same devices in address order, for the loops of claims (iterating a TreeMap is slow). */
  private TrackedDevice[] ordered = new TrackedDevice[0];
  private final Set<String> claimIds = new HashSet<>();
  private HostPools pools = HostPools.EMPTY;
  private boolean poolsStale;

  public HostDevices(String host, DeviceWhitelist whitelist) {
    this.host = host;
    this.whitelist = whitelist;
  }

  public String host() {
    return host;
  }

  /**
   * Takes in the host's current device report: new whitelisted devices become available; a device
   * gone (or no longer whitelisted) is removed when free and kept, flagged stale, while held; a
   * free device takes its new details (a VF that gained a vDPA device moves pool), a held one when
   * it is freed; the PF/VF tree is rebuilt.
   *
   * @throws org.vdpacompute.core.InvalidValueException if the whitelist does not fit the host (see
   *     {@link DeviceWhitelist#checkOnHost}); nothing is changed then
   */
  public synchronized void update(List<DeviceReport> reports) {
    List<DeviceIdentity> identities = DeviceIdentity.of(reports);
    whitelist.checkOnHost(identities);
    Set<PciAddress> seen = new HashSet<>();
    for (int i = 0; i < reports.size(); i++) {
      DeviceReport r = reports.get(i);
      String parentIfname = identities.get(i).parentIfname();
      Optional<Map<String, String>> tags = whitelist.tagsOf(identities.get(i));
      if (tags.isEmpty()) continue;
      if (!seen.add(r.address())) {
        throw new IllegalArgumentException("host " + host + " reported device " + r.address() + " twice");
      }
      TrackedDevice d = devices.get(r.address());
      if (d == null) {
        devices.put(r.address(), new TrackedDevice(r, tags.get(), parentIfname));
      } else if (d.isHeld()) {
        d.stale = false;
        if (d.differsFrom(r, tags.get(), parentIfname)) {
          d.pendingReport = r;
          d.pendingTags = Map.copyOf(tags.get());
          d.pendingParentIfname = parentIfname;
        } else {
          d.pendingReport = null;
        }
      } else {
        d.setDetails(r, tags.get(), parentIfname);
        if (d.status == DeviceStatus.REMOVED) d.status = DeviceStatus.AVAILABLE;
      }
    }
    for (TrackedDevice d : devices.values()) {
      if (seen.contains(d.address()) || !d.isPresent()) continue;
      if (d.isHeld()) {
        d.stale = true;
      } else {
        d.status = DeviceStatus.REMOVED;
      }
    }
    relink();
  }

  /**
   * Replaces the tracker's state with devices as they were recorded (statuses, holders, stale
   * flags), e.g. read back from the database after a restart or after another controller changed
   * them. Blocked statuses are derived again, so a record that left a PF usable under a held VF
   * cannot bring that back. Details reported while a device was held are not recorded: the host's
   * next report brings them again.
   */
  public synchronized void restore(List<PciDevice> recorded) {
    devices.clear();
    claimIds.clear();
    for (PciDevice d : recorded) {
      TrackedDevice t = new TrackedDevice(d.report(), d.tags(), d.parentIfname());
      t.status = d.status();
      t.instanceUuid = d.instanceUuid();
      t.claimId = d.claimId();
      t.requestId = d.requestId();
      t.stale = d.stale();
      if (d.claimId() != null) claimIds.add(d.claimId());
      devices.put(d.address(), t);
    }
    relink();
  }

  /** Rebuilds parent/child links from the reports and derives every family's blocked statuses. */
  private void relink() {
    ordered = devices.values().toArray(new TrackedDevice[0]);
    for (TrackedDevice d : devices.values()) {
      d.parent = null;
      d.children = List.of();
    }
    for (TrackedDevice d : devices.values()) {
      if (!d.isPresent() || !d.type().isChildFunction()) continue;
      TrackedDevice parent = devices.get(d.report.parentAddress());
      if (parent != null && parent.isPresent() && parent.type() == DevType.PF) {
        parent.adopt(d);
      }
    }
    for (TrackedDevice d : devices.values()) {
      if (d.isPresent() && d.type() == DevType.PF) {
        deriveFamily(d);
      } else if (d.isPresent() && d.parent == null && d.status.isBlockedByRelative()) {
        d.status = DeviceStatus.AVAILABLE;
      }
    }
    poolsStale = true;
  }

  /** Statuses of a PF and its children that follow from who holds what among them. */
  private static void deriveFamily(TrackedDevice pf) {
    if (pf.isHeld()) {
      DeviceStatus blocked = pf.status == DeviceStatus.ALLOCATED ? DeviceStatus.UNAVAILABLE : DeviceStatus.UNCLAIMABLE;
      for (TrackedDevice child : pf.children) {
        if (!child.isHeld()) child.status = blocked;
      }
      return;
    }
    boolean anyAllocated = false;
    boolean anyClaimed = false;
    for (TrackedDevice child : pf.children) {
      if (child.status == DeviceStatus.ALLOCATED) anyAllocated = true;
      if (child.status == DeviceStatus.CLAIMED) anyClaimed = true;
      if (child.status.isBlockedByRelative()) child.status = DeviceStatus.AVAILABLE;
    }
    pf.status = anyAllocated ? DeviceStatus.UNAVAILABLE
        : anyClaimed ? DeviceStatus.UNCLAIMABLE
        : DeviceStatus.AVAILABLE;
  }

  private static void deriveAround(TrackedDevice d) {
    if (d.type() == DevType.PF) {
      deriveFamily(d);
    } else if (d.parent != null) {
      deriveFamily(d.parent);
    }
  }

  /** The available devices as pools, for the scheduler and for fitting. */
  public synchronized HostPools pools() {
    if (poolsStale) {
      pools = buildPools();
      poolsStale = false;
    }
    return pools;
  }

  private HostPools buildPools() {
    Map<PoolKey, Map<PciAddress, Integer>> counts = new LinkedHashMap<>();
    for (TrackedDevice d : devices.values()) {
      if (d.status == DeviceStatus.AVAILABLE) {
        counts.computeIfAbsent(d.poolKey, k -> new LinkedHashMap<>()).merge(d.group(), 1, Integer::sum);
      }
    }
    List<Pool> list = new ArrayList<>(counts.size());
    counts.forEach((key, groups) -> list.add(new Pool(key, groups.entrySet().stream()
        .map(e -> new Pool.Group(e.getKey(), e.getValue())).toList())));
    return HostPools.of(list);
  }

  /** Every device the host has whitelisted, removed ones included, in address order. */
  public synchronized List<PciDevice> devices() {
    return devices.values().stream().map(TrackedDevice::view).toList();
  }

  /** One device, or empty when the host does not track it. */
  public synchronized Optional<PciDevice> device(PciAddress address) {
    return Optional.ofNullable(devices.get(address)).map(TrackedDevice::view);
  }

  /**
   * Claims devices for all of an instance's requests at once, or none.
   *
   * @param claimId names this claim; an instance holds several during a same-host resize
   * @param numa the guest's NUMA placement on this host, or null without a NUMA topology
   * @throws PciClaimFailedException when the requests do not fit together
   */
  public synchronized PciClaim claim(String instanceUuid, String claimId, List<PciRequest> requests, NumaPlacement numa) {
    FitPlan plan = FitQuery.of(requests).plan(pools(), numa).orElseThrow(() -> new PciClaimFailedException(
        "host " + host + " has no PCI devices for instance " + instanceUuid + ": "
            + requests.stream().map(PciRequest::describe).collect(Collectors.joining(", "))
            + " do not fit the available pools " + pools().pools()));
    return claim(instanceUuid, claimId, plan);
  }

  /** Claims exactly the devices of a plan made on this tracker's current pools. */
  public synchronized PciClaim claim(String instanceUuid, String claimId, FitPlan plan) {
    if (claimId == null || instanceUuid == null) {
      throw new IllegalArgumentException("a claim needs an instance and a claim id");
    }
    if (claimIds.contains(claimId)) {
      throw new IllegalArgumentException("claim " + claimId + " already exists on host " + host);
    }
    Map<String, List<PciDevice>> byRequest = new LinkedHashMap<>();
    List<TrackedDevice> taken = new ArrayList<>();
    try {
      for (FitPlan.Assignment a : plan.assignments()) {
        List<PciDevice> served = new ArrayList<>();
        for (FitPlan.Take t : a.takes()) {
          for (TrackedDevice d : pick(t)) {
            d.claim(instanceUuid, claimId, a.request().requestId());
            taken.add(d);
            deriveAround(d);
            served.add(d.view());
          }
        }
        byRequest.put(a.request().requestId(), served);
      }
    } catch (RuntimeException e) {
      for (TrackedDevice d : taken) {
        d.free();
        deriveAround(d);
      }
      poolsStale = true;
      throw e;
    }
    if (!taken.isEmpty()) claimIds.add(claimId);
    // The scheduler's rule for what a claim leaves (property-tested equal to a rebuild) spares one.
    if (!poolsStale) {
      pools = pools.apply(plan);
    }
    return new PciClaim(this, instanceUuid, claimId, byRequest);
  }

  private List<TrackedDevice> pick(FitPlan.Take take) {
    List<TrackedDevice> picked = new ArrayList<>(take.count());
    for (TrackedDevice d : ordered) {
      if (picked.size() == take.count()) break;
      if (d.status == DeviceStatus.AVAILABLE && d.poolKey == take.key()
          && java.util.Objects.equals(d.group(), take.group())) {
        picked.add(d);
      }
    }
    if (picked.size() < take.count()) {
      throw new PciClaimFailedException("host " + host + " no longer has " + take.count()
          + " available devices of pool " + take.key() + " under PF " + take.group());
    }
    return picked;
  }

  /** Allocates every device the instance has claimed (the guest now uses them). */
  public synchronized List<PciDevice> allocate(String instanceUuid) {
    List<PciDevice> allocated = new ArrayList<>();
    for (TrackedDevice d : ordered) {
      if (instanceUuid.equals(d.instanceUuid) && d.status == DeviceStatus.CLAIMED) {
        d.allocate(instanceUuid);
        deriveAround(d);
        allocated.add(d.view());
      }
    }
    poolsStale = true;
    return allocated;
  }

  /** Frees every device the instance holds, whatever claim took it. */
  public synchronized List<PciDevice> freeInstance(String instanceUuid) {
    return freeWhere(d -> instanceUuid.equals(d.instanceUuid));
  }

  /** Frees the devices of one claim. */
  public synchronized List<PciDevice> freeClaim(String claimId) {
    return freeWhere(d -> claimId.equals(d.claimId));
  }

  /**
   * Frees what the instance holds under any claim but {@code keptClaimId}: the source side of a move
   * confirmed on the same host, whose destination claim stays.
   */
  public synchronized List<PciDevice> freeInstanceExcept(String instanceUuid, String keptClaimId) {
    return freeWhere(d -> instanceUuid.equals(d.instanceUuid) && !keptClaimId.equals(d.claimId));
  }

  /** Frees the device the instance holds for one request: a port detached from it. */
  public synchronized List<PciDevice> freeRequest(String instanceUuid, String requestId) {
    return freeWhere(d -> instanceUuid.equals(d.instanceUuid) && requestId.equals(d.requestId));
  }

  private List<PciDevice> freeWhere(java.util.function.Predicate<TrackedDevice> which) {
    List<TrackedDevice> freed = new ArrayList<>();
    for (TrackedDevice d : ordered) {
      if (d.isHeld() && which.test(d)) {
        claimIds.remove(d.claimId);
        d.free();
        freed.add(d);
      }
    }
    if (freed.isEmpty()) return List.of();
    // A freed device may have taken new details (another parent or type): rebuild the tree.
    relink();
    return freed.stream().map(TrackedDevice::view).toList();
  }

  /** Instances holding devices on this host. */
  public synchronized Set<String> holders() {
    Set<String> holders = new HashSet<>();
    for (TrackedDevice d : devices.values()) {
      if (d.instanceUuid != null) holders.add(d.instanceUuid);
    }
    return holders;
  }
}

package org.vdpacompute.controller.placement;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.controller.model.UnitOfWork;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.pool.FitPlan;
import org.vdpacompute.core.pci.pool.HostPools;
import org.vdpacompute.core.pci.spec.DeviceSpecList;
import org.vdpacompute.core.pci.tracker.HostDevices;
import org.vdpacompute.core.pci.tracker.PciClaim;

/**
 * The PCI devices of every compute host: each host's tracker in memory, the database the arbiter.
 *
 * <p>Design. A change to a host's devices (a report, a claim, a free) is made on the in-memory
 * tracker and then recorded with a compare-and-set on the host's generation. If another controller
 * recorded first, the tracker is reloaded from the database and the change tried again on what is
 * really there; a claim that no longer fits then fails, and the caller tries its next host. So the
 * trackers are a cache that is never wrong for long, and the database never holds one device for
 * two guests. The whitelist of a host is its agent's own {@code [pci] device_spec}, sent with each
 * report.
 *
 * <p>A change takes a database connection before the host's lock, never the other way round: a
 * unit of work holds its connection while it claims or allocates here, and a free that took the
 * lock first and then waited for a connection would wait, with the pool's every connection held
 * by units waiting for that lock, until the pool gave up on it.
 */
public final class HostInventory {
  /** Tries of one change against other controllers before giving up. */
  static final int MAX_ATTEMPTS = 5;

  private final PciDeviceStore store;
  private final UnitOfWork units;
  private final Map<String, Entry> hosts = new ConcurrentHashMap<>();

  /** A host's device stamp, read without looking the host up again. */
  public interface DeviceStamp {
    /** As {@link HostInventory#changes}: the same value later means the same devices. */
    long changes();
  }

  private static final class Entry implements DeviceStamp {
    final HostDevices devices;
    volatile long generation;
    /** Bumped before and after every change and reload: a reader that saw it unchanged saw the same devices. */
    volatile long changes;

    Entry(HostDevices devices) {
      this.devices = devices;
    }

    @Override
    public long changes() {
      return changes;
    }
  }

  public HostInventory(PciDeviceStore store, UnitOfWork units) {
    this.store = store;
    this.units = units;
  }

  /** Takes in a host's report: new devices, vanished ones, changed types. */
  public void report(HostReport report) {
    units.run(() -> change(entry(report.host(), DeviceSpecList.parse(report.deviceSpec())), report.host(), devices -> {
      devices.update(report.devices());
      return null;
    }));
  }

  /** Picks up a host known from an earlier run, with its devices as recorded. */
  public void recall(HostReport lastReport) {
    units.run(() -> entry(lastReport.host(), DeviceSpecList.parse(lastReport.deviceSpec())));
  }

  /**
   * Claims the devices of a plan on a host for an instance, recorded before this returns.
   *
   * @throws org.vdpacompute.core.pci.tracker.PciClaimFailedException when the devices are no longer free
   */
  public List<PciDevice> claim(String host, String instanceUuid, String claimId, FitPlan plan) {
    return change(existing(host), host, devices -> {
      try (PciClaim claim = devices.claim(instanceUuid, claimId, plan)) {
        claim.commit();
        return claim.devices();
      }
    });
  }

  /** Marks an instance's claimed devices on a host allocated: its guest runs with them. */
  public List<PciDevice> allocate(String host, String instanceUuid) {
    return change(existing(host), host, devices -> devices.allocate(instanceUuid));
  }

  /**
   * Frees every device an instance holds on a host, recorded before this returns; nothing to do on
   * a host that never reported devices.
   */
  public List<PciDevice> free(String host, String instanceUuid) {
    Entry e = hosts.get(host);
    return e == null ? List.of() : change(e, host, devices -> devices.freeInstance(instanceUuid));
  }

  /** Frees the devices of one claim on a host: the destination side of a move that is undone. */
  public List<PciDevice> freeClaim(String host, String claimId) {
    Entry e = hosts.get(host);
    return e == null ? List.of() : change(e, host, devices -> devices.freeClaim(claimId));
  }

  /** Frees what an instance holds on a host under any claim but one: the source side of a confirmed move. */
  public List<PciDevice> freeExcept(String host, String instanceUuid, String keptClaimId) {
    Entry e = hosts.get(host);
    return e == null ? List.of() : change(e, host, devices -> devices.freeInstanceExcept(instanceUuid, keptClaimId));
  }

  /** Frees the device an instance holds on a host for one request (a port). */
  public List<PciDevice> freeRequest(String host, String instanceUuid, String requestId) {
    Entry e = hosts.get(host);
    return e == null ? List.of() : change(e, host, devices -> devices.freeRequest(instanceUuid, requestId));
  }

  /**
   * Reads a host's devices again as the database has them: for a unit of work that changed them
   * (a claim, an allocation) and then rolled back.
   */
  public void reload(String host) {
    Entry e = hosts.get(host);
    if (e != null) {
      units.run(() -> stamped(e, () -> {
        reload(e, host);
        return null;
      }));
    }
  }

  /**
   * Reads again the devices of every host another controller changed since this one last read or
   * wrote them, and picks up the hosts another controller recorded first: one read of the hosts'
   * generations, and a host's devices only when its generation moved. Without it a controller saw
   * another's claims and frees only when it next changed that host itself.
   *
   * @param reports a host's last report, for a host this controller has not seen yet (its whitelist)
   */
  public void refresh(Function<String, Optional<HostReport>> reports) {
    store.generations().forEach((host, recorded) -> {
      Entry e = hosts.get(host);
      if (e == null) {
        reports.apply(host).ifPresent(this::recall);
        return;
      }
      if (recorded <= e.generation) return;
      units.run(() -> stamped(e, () -> {
        // Read again under the lock: a change of this controller's may have caught up meanwhile.
        if (recorded > e.generation) reload(e, host);
        return null;
      }));
    });
  }

  /** The hosts where an instance holds devices, as this controller knows them. */
  public List<String> hostsHolding(String instanceUuid) {
    return hosts.entrySet().stream().filter(e -> e.getValue().devices.holders().contains(instanceUuid))
        .map(Map.Entry::getKey).sorted().toList();
  }

  /** The devices an instance holds on a host, as this controller knows them. */
  public List<PciDevice> heldBy(String host, String instanceUuid) {
    return devices(host).stream().filter(d -> instanceUuid.equals(d.instanceUuid())).toList();
  }

  /**
   * A stamp of a host's devices: read it before {@link #pools}, and the same stamp later means the
   * same pools. -1 for a host that never reported.
   */
  public long changes(String host) {
    Entry e = hosts.get(host);
    return e == null ? -1 : e.changes;
  }

  /** The host's device stamp, which stays the host's for good; empty for a host that never reported. */
  public Optional<DeviceStamp> stamp(String host) {
    return Optional.ofNullable(hosts.get(host));
  }

  /** The host's free devices as pools, as this controller last knew them. */
  public Optional<HostPools> pools(String host) {
    return Optional.ofNullable(hosts.get(host)).map(e -> e.devices.pools());
  }

  /** Every tracked device of a host, as this controller last knew them; empty for an unknown host. */
  public List<PciDevice> devices(String host) {
    Entry e = hosts.get(host);
    return e == null ? List.of() : e.devices.devices();
  }

  private Entry existing(String host) {
    Entry e = hosts.get(host);
    if (e == null) throw new org.vdpacompute.core.NotFoundException("compute host " + host + " has reported no devices");
    return e;
  }

  private Entry entry(String host, DeviceSpecList whitelist) {
    return hosts.computeIfAbsent(host, h -> {
      Entry e = new Entry(new HostDevices(h, whitelist));
      reload(e, h);
      return e;
    });
  }

  private void reload(Entry e, String host) {
    e.changes++;
    PciDeviceStore.HostRecord record = store.load(host);
    e.devices.restore(record.devices());
    e.generation = record.generation();
  }

  /**
   * The change in a unit of work (the caller's, if it is in one), so that the connection is taken
   * before the lock. Should the unit roll back, the devices are read again as recorded, and a unit
   * run again changes them anew.
   */
  private <T> T change(Entry e, String host, Function<HostDevices, T> op) {
    return units.runVersioned(() -> stamped(e, () -> changeLocked(e, host, op)), () -> reload(host));
  }

  /** Work on a host's devices under its lock, with its stamp bumped before and after. */
  private static <T> T stamped(Entry e, Supplier<T> work) {
    synchronized (e) {
      e.changes++;
      try {
        return work.get();
      } finally {
        e.changes++;
      }
    }
  }

  private <T> T changeLocked(Entry e, String host, Function<HostDevices, T> op) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      T result;
      try {
        result = op.apply(e.devices);
      } catch (RuntimeException failure) {
        reload(e, host);
        throw failure;
      }
      if (store.save(host, e.generation, e.devices.devices())) {
        e.generation++;
        return result;
      }
      reload(e, host);
    }
    throw new ConflictException("the devices of host " + host + " kept changing under other controllers; try again");
  }

}

package org.vdpacompute.controller.placement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.MigrationStore;
import org.vdpacompute.core.pci.pool.HostPools;
import org.vdpacompute.scheduler.HostNumaCell;
import org.vdpacompute.scheduler.HostState;

/**
 * What the scheduler sees of every host, put together from what the controller keeps: the
 * service (up, enabled), the host's last report (capacity, NUMA cells), its free devices as pools,
 * and what its servers use (each guest NUMA cell's equal share of its server's vCPUs and memory).
 *
 * <p>Nothing here reads the database per request. The servers each host carries are kept in memory:
 * this controller records every placement and removal it makes ({@link #placed}, {@link #removed}),
 * and {@link #reload()} (at start and periodically) takes in what other controllers did. Devices are
 * {@link HostInventory}'s, whose database generation check is the arbiter of every claim, so a stale
 * picture here can cost a retry on the next host but never a device given twice.
 */
public final class HostStates {
  private final ComputeServices services;
  private final HostInventory inventory;
  private final InstanceStore instances;
  private final MigrationStore migrations;
  /** Host name to what is counted on it, by key: a server's uuid, or a move's. */
  private final Map<String, Map<String, Footprint>> byHost = new ConcurrentHashMap<>();
  /** Key to the host it is counted on. */
  private final Map<String, String> hostOf = new ConcurrentHashMap<>();
  /** Each host's slot, made when the host is first met and kept for good. */
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  /** The slots of the host list last walked, in its order: a window walks an array, not hash maps. */
  private volatile Walk walk = new Walk(List.of(), new Slot[0]);
  /** Where the next request's first window starts, in hosts. */
  private final AtomicLong nextWindow = new AtomicLong();
  /** Held by the one {@link #reload} that runs at a time. */
  private final Object reloading = new Object();
  /** The keys counted or uncounted since a running reload began to read; null when none runs. Guarded by this. */
  private Set<String> touched;

  /**
   * What the scheduler needs of one host without a hash lookup: its footprint stamp, its service
   * and device stamps, and its state as last built with what it was built from. A request reuses
   * the state while none of that changed, so that scheduling neither rebuilds every host's usage,
   * cells and pools nor looks each host up in the services, reports and devices kept by name: at
   * ten thousand hosts those lookups miss the processor's caches and were most of a request's cost.
   */
  private static final class Slot {
    final String host;
    /** Bumped whenever what counts on the host changes. */
    volatile long footprints;
    final ComputeServices.HostStamp service;
    volatile HostInventory.DeviceStamp devices;
    volatile Built built;

    Slot(String host, ComputeServices.HostStamp service) {
      this.host = host;
      this.service = service;
    }
  }

  /**
   * A state and the stamps it was built under; {@code upUntil} is the last instant it holds for a
   * host that was up (null for one that was down, which is looked at again every time).
   */
  private record Built(long footprints, long devices, long services, HostReport report, boolean up, boolean enabled,
      Instant upUntil, HostState state) {}

  private record Walk(List<String> hosts, Slot[] slots) {}

  public HostStates(ComputeServices services, HostInventory inventory, InstanceStore instances, MigrationStore migrations) {
    this.services = services;
    this.inventory = inventory;
    this.instances = instances;
    this.migrations = migrations;
  }

  /**
   * Reads every server's place from the database, and every unsettled move's other side, replacing
   * what was kept: until a move has finished, its destination counts with the new flavor; once it
   * waits for a confirm, its source counts with the old one.
   *
   * <p>The database is read without holding what {@link #count} needs, so that placements go on
   * meanwhile (the read's time grows with every server of the cloud). A key counted or uncounted
   * during the read is left as it is then: this controller changed it after committing the change,
   * so what the read found for it is no newer.
   */
  public void reload() {
    synchronized (reloading) {
      synchronized (this) {
        touched = new HashSet<>();
      }
      Map<String, Footprint> fresh;
      try {
        fresh = readFootprints();
      } catch (RuntimeException e) {
        synchronized (this) {
          touched = null;
        }
        throw e;
      }
      synchronized (this) {
        Set<String> changedMeanwhile = touched;
        touched = null;
        // Only what changed is counted again, so that the hosts' states built from the rest are kept.
        for (String key : List.copyOf(hostOf.keySet())) {
          if (!fresh.containsKey(key) && !changedMeanwhile.contains(key)) uncounted(key);
        }
        fresh.forEach((key, footprint) -> {
          if (!changedMeanwhile.contains(key)) count(key, footprint);
        });
      }
    }
  }

  private Map<String, Footprint> readFootprints() {
    Map<String, Footprint> fresh = new HashMap<>();
    for (Instance i : instances.instances(null)) {
      if (i.host() != null) fresh.put(i.uuid(), Footprint.of(i));
    }
    for (Migration m : migrations.unsettled()) {
      Footprint other = m.status() == Migration.Status.FINISHED || m.status() == Migration.Status.CONFIRMING
          || m.status() == Migration.Status.REVERTING
          ? new Footprint(m.sourceHost(), m.oldFlavor(), m.sourceCells())
          : new Footprint(m.destHost(), m.newFlavor(), m.destCells());
      if (other.host() != null) fresh.put(m.uuid(), other);
    }
    return fresh;
  }

  /** The server now counts on its host (and no longer where it counted before). */
  public void placed(Instance instance) {
    if (instance.host() == null) {
      uncount(instance.uuid());
    } else {
      count(instance.uuid(), Footprint.of(instance));
    }
  }

  /** The server counts on no host any more. */
  public void removed(String instanceUuid) {
    uncount(instanceUuid);
  }

  /**
   * Counts a footprint under a key, replacing what the key counted before. A footprint already
   * counted as it is (a server gone ACTIVE where it was claimed) changes nothing, so that the host's
   * state stays built.
   */
  public synchronized void count(String key, Footprint footprint) {
    if (touched != null) touched.add(key);
    // A key counts on one host at most: found on the footprint's own host, it counts there as it is.
    if (footprint.equals(byHost.getOrDefault(footprint.host(), Map.of()).get(key))) return;
    uncounted(key);
    byHost.computeIfAbsent(footprint.host(), h -> new ConcurrentHashMap<>()).put(key, footprint);
    hostOf.put(key, footprint.host());
    slot(footprint.host()).footprints++;
  }

  /**
   * The key counts on no host any more, and the host's state is built again at once: what is
   * uncounted has left the host (a server deleted, shelved, moved away), its devices freed before,
   * and building its state here rather than in the next scheduling request that looks at the host
   * keeps that work off the scheduling path (after a burst of deletes, the first request to reach
   * each window of hosts would otherwise build hundreds of states).
   */
  public void uncount(String key) {
    String host = uncounted(key);
    if (host != null) prepare(host);
  }

  /** The host the key counted on, or null; outside this monitor the host's state is built again. */
  private synchronized String uncounted(String key) {
    if (touched != null) touched.add(key);
    String host = hostOf.remove(key);
    if (host == null) return null;
    Map<String, Footprint> on = byHost.get(host);
    if (on != null) on.remove(key);
    slot(host).footprints++;
    return host;
  }

  /** What is counted on a host. */
  public List<Footprint> on(String host) {
    Map<String, Footprint> on = byHost.get(host);
    return on == null ? List.of() : List.copyOf(on.values());
  }

  /**
   * Every host that has reported, in windows of at most {@code size} hosts, their states built as
   * each window is reached. Each call starts one window further along the hosts than the last, so
   * that requests at the same time look first at different hosts.
   */
  public Iterator<List<HostState>> windows(int size) {
    Slot[] hosts = walk(services.hosts());
    int n = hosts.length;
    int start = n <= size ? 0 : (int) Math.floorMod(nextWindow.getAndAdd(size), (long) n);
    Instant now = services.now();
    return new Iterator<>() {
      private int looked;

      @Override
      public boolean hasNext() {
        return looked < n;
      }

      @Override
      public List<HostState> next() {
        if (!hasNext()) throw new NoSuchElementException();
        List<HostState> window = new ArrayList<>(Math.min(size, n - looked));
        for (int end = Math.min(n, looked + size); looked < end; looked++) {
          Slot slot = hosts[(start + looked) % n];
          HostState state = reused(slot, now);
          if (state == null) current(slot.host).ifPresent(window::add);
          else window.add(state);
        }
        return window;
      }
    };
  }

  /** The slots of the hosts, in their order; made again only when the host list changed. */
  private Slot[] walk(List<String> hosts) {
    Walk w = walk;
    if (w.hosts() != hosts) {
      Slot[] array = new Slot[hosts.size()];
      for (int i = 0; i < array.length; i++) array[i] = slot(hosts.get(i));
      w = new Walk(hosts, array);
      walk = w;
    }
    return w.slots();
  }

  private Slot slot(String host) {
    return slots.computeIfAbsent(host, h -> new Slot(h, services.stamp(h)));
  }

  /**
   * The host's state as last built, when nothing it was built from changed since: not its service
   * or report, nor its footprints, nor its devices, and the host still within its heartbeats. Else
   * null, and the host is looked at by name.
   */
  private static HostState reused(Slot slot, Instant now) {
    Built b = slot.built;
    HostInventory.DeviceStamp devices = slot.devices;
    if (b == null || devices == null || b.services() != slot.service.changes() || b.upUntil() == null
        || now.isAfter(b.upUntil())) {
      return null;
    }
    return b.footprints() == slot.footprints && b.devices() == devices.changes() ? b.state() : null;
  }

  /**
   * Builds the host's state now, as its registration is taken in, so that scheduling requests find
   * it built: a window of a thousand hosts never built costs the request that reaches it first
   * about ten milliseconds.
   */
  public void prepare(String host) {
    current(host);
  }

  /** {@link #prepare} for every host: at start, after the placements are read. */
  public void prepareAll() {
    services.hosts().forEach(this::prepare);
  }

  /** One host's state now, when it is registered and has reported. */
  public Optional<HostState> current(String host) {
    // Read before the service and the report it stamps: a change meanwhile leaves a stale stamp, not stale data.
    long servicesStamp = slot(host).service.changes();
    return services.known(host).flatMap(s -> services.report(host).map(r -> stateOf(s, r, servicesStamp)));
  }

  /** The host's state, built again only if its footprints, devices, report or status changed. */
  private HostState stateOf(ComputeService service, HostReport report, long servicesBefore) {
    String host = service.host();
    Slot slot = slot(host);
    // The stamps are read before what they stamp: a change meanwhile leaves a stale stamp, not stale data.
    long footprints = slot.footprints;
    HostInventory.DeviceStamp stamp = slot.devices;
    if (stamp == null) {
      // A host that registered at another controller since this one started: its devices as recorded there.
      if (inventory.changes(host) < 0) inventory.recall(report);
      stamp = inventory.stamp(host).orElseThrow();
      slot.devices = stamp;
    }
    long devices = stamp.changes();
    Instant now = services.now();
    boolean up = service.isUp(now);
    Built b = slot.built;
    if (b != null && b.footprints() == footprints && b.devices() == devices && b.report() == report && b.up() == up
        && b.enabled() == !service.disabled()) {
      if (b.services() != servicesBefore || !Objects.equals(b.upUntil(), upUntil(service, up))) {
        slot.built = new Built(footprints, devices, servicesBefore, report, up, b.enabled(), upUntil(service, up), b.state());
      }
      return b.state();
    }
    HostState state = state(service, report, on(host));
    // A host that went up or down while it was built is built again next time.
    if (state.up() == up) {
      slot.built = new Built(footprints, devices, servicesBefore, report, up, !service.disabled(), upUntil(service, up), state);
    }
    return state;
  }

  private static Instant upUntil(ComputeService service, boolean up) {
    return up ? service.silentAfter() : null;
  }

  HostState state(ComputeService service, HostReport report, List<Footprint> servers) {
    HostUsage used = HostUsage.of(servers);
    Map<Integer, int[]> cellCpus = new HashMap<>();
    Map<Integer, long[]> cellMemory = new HashMap<>();
    for (Footprint i : servers) {
      int n = i.cells().size();
      for (int cell : i.cells()) {
        cellCpus.computeIfAbsent(cell, k -> new int[1])[0] += (i.flavor().vcpus() + n - 1) / n;
        cellMemory.computeIfAbsent(cell, k -> new long[1])[0] += (i.flavor().ramMb() + n - 1) / n;
      }
    }
    List<HostNumaCell> cells = new ArrayList<>();
    for (HostReport.Cell c : report.numaCells()) {
      cells.add(new HostNumaCell(c.id(), c.socket(), c.cpus(), c.memoryMb(),
          cellCpus.getOrDefault(c.id(), new int[1])[0], cellMemory.getOrDefault(c.id(), new long[1])[0]));
    }
    HostPools pci = inventory.pools(service.host()).orElse(HostPools.EMPTY);
    return new HostState(service.host(), services.isUp(service), !service.disabled(), report.vcpus(), used.vcpus(),
        report.memoryMb(), used.memoryMb(), report.diskGb(), used.diskGb(), cells, pci, report.vdpaSupported(),
        report.switchUsable());
  }
}

package org.vdpacompute.controller.placement;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.controller.model.GroupCommit;
import org.vdpacompute.core.NotFoundException;

/**
 * Compute agents as the cloud sees them: registration, heartbeats, up or down, enabled or
 * disabled, forced down. A host is down when it missed six of its own heartbeats, as the contract
 * says: each agent reports how often it beats.
 *
 * <p>Design. The scheduler looks at every host for every request, so every service and its host's
 * last report are kept in memory, and nothing on a request's path reads them from the database.
 * This controller's own changes (registrations, status changes) are written through and show at
 * once. Heartbeats, the one frequent write (a thousand a second from ten thousand hosts), are kept
 * in memory at once and written in one batch by {@link #writeHeartbeats()}, which the controller
 * runs every second. {@link #refresh()}, run every few seconds, reads the services back to take in
 * other controllers' changes; it reads a host's report again only when the host registered anew.
 */
public final class ComputeServices {
  private final ComputeServiceStore store;
  private final Clock clock;
  /** By host name: a hash map, since the scheduler looks up hosts by the thousand per request. */
  private final Map<String, ComputeService> services = new ConcurrentHashMap<>();
  /** Each host's last report, with the registrations count it came with. */
  private final Map<String, KeptReport> reports = new ConcurrentHashMap<>();

  private record KeptReport(HostReport report, long registrations) {}
  /** Heartbeats taken in but not yet written: host to its latest beat. */
  private final Map<String, Instant> unwrittenBeats = new ConcurrentHashMap<>();
  /**
   * Stamps of this controller's own changes: a refresh whose read began before a host's last change
   * here may have read the row from before it, and leaves that host as it is kept.
   */
  private final AtomicLong changeStamps = new AtomicLong();
  private final Map<String, Long> lastChange = new ConcurrentHashMap<>();
  /** Hosts added so far; each is counted after it is kept. */
  private final AtomicLong additions = new AtomicLong();
  /** Bumped by every change to a service or a report that is not a heartbeat. */
  private final AtomicLong changes = new AtomicLong();
  /** {@link #changes}, host by host; each made when the host is first asked about and kept for good. */
  private final Map<String, HostStamp> stamps = new ConcurrentHashMap<>();

  /**
   * A stamp of one host's service and report, heartbeats aside: read it before them, and the same
   * stamp later means that neither changed. One host's change leaves every other host's stamp as it
   * was, so that the scheduler's states of the other hosts stay good.
   */
  public static final class HostStamp {
    private final AtomicLong changes = new AtomicLong();

    public long changes() {
      return changes.get();
    }
  }
  /** Every host name in order, for the scheduler to walk by index, as of a count of additions. */
  private record HostList(List<String> names, long additions) {}

  private volatile HostList hostList = new HostList(List.of(), 0);
  /** The service with the lowest version, as of a {@link #changes} stamp. */
  private record Oldest(Optional<ComputeService> service, long changes) {}

  private volatile Oldest oldest = new Oldest(Optional.empty(), -1);

  public ComputeServices(ComputeServiceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    refresh();
  }

  public ComputeService register(HostReport report) {
    return kept(report, store.register(report, clock.instant(), UUID.randomUUID().toString()));
  }

  /**
   * Registers a host in one unit of work with what {@code alongside} records of it (its devices):
   * one commit for both, and neither without the other, shared with other hosts' registrations
   * that arrive at the same time. Kept in memory once the unit committed.
   *
   * <p>A versioned unit: the devices are written under a compare-and-set on the host's generation
   * and the service under the host's unique name, so repeatable read is enough; serializable, hosts
   * registering at once on PostgreSQL cancelled each other as pivots of false conflicts (rows of
   * other hosts on the same index pages) until registrations gave up.
   */
  public ComputeService register(HostReport report, GroupCommit registrations, Runnable alongside) {
    return kept(report, registrations.run(() -> {
      alongside.run();
      return store.register(report, clock.instant(), UUID.randomUUID().toString());
    }));
  }

  private ComputeService kept(HostReport report, ComputeService s) {
    reports.put(report.host(), new KeptReport(report, s.registrations()));
    keep(s);
    return s;
  }

  /** Takes in a heartbeat; it is written with the others by the next {@link #writeHeartbeats()}. */
  public void heartbeat(String host) {
    Instant now = clock.instant();
    if (!services.containsKey(host)) {
      // Registered at another controller since this one last read the services, or never.
      ComputeService read = store.service(host).orElseThrow(() ->
          new NotFoundException("compute host " + host + " has not registered; register before heartbeating"));
      if (services.putIfAbsent(host, read) == null) {
        additions.incrementAndGet();
        changed(host);
      }
    }
    unwrittenBeats.merge(host, now, ComputeServices::later);
    services.computeIfPresent(host, (h, kept) -> kept.seenAt(now));
  }

  /** Writes the heartbeats taken in since the last call, in one transaction. */
  public void writeHeartbeats() {
    Map<String, Instant> beats = new HashMap<>();
    for (String host : List.copyOf(unwrittenBeats.keySet())) {
      Instant at = unwrittenBeats.remove(host);
      if (at != null) beats.put(host, at);
    }
    try {
      store.heartbeats(beats);
    } catch (RuntimeException e) {
      // Kept for the next try, unless a newer beat came meanwhile.
      beats.forEach((host, at) -> unwrittenBeats.merge(host, at, ComputeServices::later));
      throw e;
    }
  }

  /**
   * Reads every service back from the database, taking in what other controllers changed: new
   * hosts, status changes, their heartbeats, and the report of a host that registered anew.
   */
  public void refresh() {
    long readFrom = changeStamps.get();
    for (ComputeService read : store.services()) taken(read, readFrom);
  }

  /**
   * {@link #refresh()} for one host: for a call to its agent that found no one at the address this
   * controller knew, which the agent may have left for another (it started again and registered
   * with another controller).
   *
   * @return the host's service as the database has it now
   */
  public Optional<ComputeService> refresh(String host) {
    long readFrom = changeStamps.get();
    Optional<ComputeService> read = store.service(host);
    read.ifPresent(r -> taken(r, readFrom));
    return read;
  }

  /** Takes in a service read from the database, unless this controller changed it since {@code readFrom}. */
  private void taken(ComputeService read, long readFrom) {
    String host = read.host();
    ComputeService before = services.get(host);
    ComputeService after = services.compute(host, (h, kept) -> {
      if (kept == null) return read;
      if (lastChange.getOrDefault(host, 0L) > readFrom) return kept;
      // An unchanged service stays the object kept: a refresh of every host then leaves the old generation as it was.
      ComputeService fresh = read.seenAt(kept.lastSeenAt());
      return fresh.equals(kept) ? kept : fresh;
    });
    if (before == null) additions.incrementAndGet();
    if (before == null || !before.seenAt(after.lastSeenAt()).equals(after)) changed(host);
    KeptReport had = reports.get(host);
    if (had != null && had.registrations() != after.registrations()) {
      reports.remove(host, had);
      changed(host);
    }
  }

  /** Every service, by host name. */
  public List<ComputeService> services() {
    return services.values().stream().sorted(Comparator.comparing(ComputeService::host)).toList();
  }

  /** Every host name, in order. */
  public List<String> hosts() {
    long added = additions.get();
    HostList list = hostList;
    if (list.additions() != added) {
      // Made again only when asked: ten thousand registrations in a row make it once, not each time.
      list = new HostList(services.keySet().stream().sorted().toList(), added);
      hostList = list;
    }
    return list.names();
  }

  /** A host's service as kept in memory; empty for an unknown host. */
  public Optional<ComputeService> known(String host) {
    return Optional.ofNullable(services.get(host));
  }

  public ComputeService service(String host) {
    return known(host).or(() -> store.service(host))
        .orElseThrow(() -> new NotFoundException("Compute host " + host + " could not be found."));
  }

  public ComputeService serviceById(String id) {
    return store.serviceById(id).map(read -> known(read.host()).orElse(read))
        .orElseThrow(() -> new NotFoundException("Service " + id + " not found."));
  }

  public boolean isUp(ComputeService s) {
    return s.isUp(clock.instant());
  }

  /** The time by which this controller tells hosts up or down. */
  public Instant now() {
    return clock.instant();
  }

  /** The stamp of a host's service and report, known or not yet. */
  public HostStamp stamp(String host) {
    return stamps.computeIfAbsent(host, h -> new HostStamp());
  }

  public ComputeService setStatus(String host, boolean disabled, String reason) {
    ComputeService s = service(host).withStatus(disabled, reason);
    store.update(s);
    keep(s);
    return s;
  }

  public ComputeService forceDown(String host, boolean down) {
    ComputeService s = service(host).withForcedDown(down);
    store.update(s);
    keep(s);
    return s;
  }

  /** The host's last report: kept in memory, read once after each of its registrations. */
  public Optional<HostReport> report(String host) {
    KeptReport kept = reports.get(host);
    if (kept != null) return Optional.of(kept.report());
    ComputeService service = services.get(host);
    Optional<HostReport> read = store.report(host);
    // Kept under the registrations count known before the read: a registration meanwhile reads it again.
    if (service != null) read.ifPresent(r -> reports.put(host, new KeptReport(r, service.registrations())));
    return read;
  }

  /** The lowest service version in the cloud and a host that has it; empty without hosts. */
  public Optional<ComputeService> oldest() {
    // The stamp read before the services: a change meanwhile leaves a stale stamp, worked out again next time.
    long stamp = changes.get();
    Oldest o = oldest;
    if (o.changes() != stamp) {
      o = new Oldest(services.values().stream()
          .min(Comparator.comparingInt(ComputeService::version).thenComparing(ComputeService::host)), stamp);
      oldest = o;
    }
    return o.service();
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private void keep(ComputeService s) {
    lastChange.put(s.host(), changeStamps.incrementAndGet());
    ComputeService before = services.get(s.host());
    services.merge(s.host(), s, (kept, changed) -> changed.seenAt(kept.lastSeenAt()));
    if (before == null) additions.incrementAndGet();
    changed(s.host());
  }

  /** After the change, as every bump: a reader that sees the new stamp sees the change. */
  private void changed(String host) {
    stamp(host).changes.incrementAndGet();
    changes.incrementAndGet();
  }
}

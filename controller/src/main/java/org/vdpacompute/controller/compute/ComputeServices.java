package org.vdpacompute.controller.compute;

import org.vdpacompute.core.host.HostReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.vdpacompute.core.NotFoundException;

/**
 * Compute agents as the cloud sees them: registration, heartbeats, up or down, enabled or
 * disabled, forced down. A host is down when it missed six of its own heartbeats, as the contract
 * says: each agent reports how often it beats.
 *
 * <p>The scheduler reads every service for every request, so the list is kept in memory: this
 * controller's own changes show at once, other controllers' within {@link #SERVICES_TTL}. Hosts'
 * reports are kept too; a host re-registers at this or another controller only when it restarts or
 * its devices change, and {@link #forget()} (run periodically) picks up the latter.
 */
public final class ComputeServices {
  /** How long the list of services read from the database serves before it is read again. */
  static final Duration SERVICES_TTL = Duration.ofSeconds(1);

  private final ComputeServiceStore store;
  private final Clock clock;
  private final Map<String, HostReport> reports = new ConcurrentHashMap<>();
  /** The services as last read, by host too, and when: one value, so that readers see them consistent. */
  private record Kept(List<ComputeService> list, Map<String, ComputeService> byHost, Instant readAt) {}

  private volatile Kept kept;

  public ComputeServices(ComputeServiceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public ComputeService register(HostReport report) {
    ComputeService s = store.register(report, clock.instant(), UUID.randomUUID().toString());
    reports.put(report.host(), report);
    kept = null;
    return s;
  }

  /** Drops what is kept in memory, so that the next reads see other controllers' changes. */
  public void forget() {
    reports.clear();
    kept = null;
  }

  public void heartbeat(String host) {
    if (!store.heartbeat(host, clock.instant())) {
      throw new NotFoundException("compute host " + host + " has not registered; register before heartbeating");
    }
  }

  /** Every service, by host name. */
  public List<ComputeService> services() {
    return current().list();
  }

  /** A host's service as last read with the others, without a database read of its own; empty for an unknown host. */
  public Optional<ComputeService> known(String host) {
    return Optional.ofNullable(current().byHost().get(host));
  }

  private Kept current() {
    Kept k = kept;
    Instant now = clock.instant();
    if (k == null || k.readAt().plus(SERVICES_TTL).isBefore(now)) {
      List<ComputeService> list = store.services().stream().sorted(Comparator.comparing(ComputeService::host)).toList();
      Map<String, ComputeService> byHost = new HashMap<>();
      for (ComputeService s : list) byHost.put(s.host(), s);
      k = new Kept(list, byHost, now);
      kept = k;
    }
    return k;
  }

  public ComputeService service(String host) {
    return store.service(host).orElseThrow(() -> new NotFoundException("Compute host " + host + " could not be found."));
  }

  public ComputeService serviceById(String id) {
    return store.serviceById(id).orElseThrow(() -> new NotFoundException("Service " + id + " not found."));
  }

  public boolean isUp(ComputeService s) {
    return s.isUp(clock.instant());
  }

  public ComputeService setStatus(String host, boolean disabled, String reason) {
    ComputeService s = service(host).withStatus(disabled, reason);
    store.update(s);
    kept = null;
    return s;
  }

  public ComputeService forceDown(String host, boolean down) {
    ComputeService s = service(host).withForcedDown(down);
    store.update(s);
    kept = null;
    return s;
  }

  public Optional<HostReport> report(String host) {
    HostReport kept = reports.get(host);
    if (kept != null) return Optional.of(kept);
    Optional<HostReport> read = store.report(host);
    read.ifPresent(r -> reports.put(host, r));
    return read;
  }

  /** The lowest service version in the cloud and a host that has it; empty without hosts. */
  public Optional<ComputeService> oldest() {
    return services().stream().min(Comparator.comparingInt(ComputeService::version).thenComparing(ComputeService::host));
  }
}

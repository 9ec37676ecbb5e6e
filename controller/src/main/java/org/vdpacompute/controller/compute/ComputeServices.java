package org.vdpacompute.controller.compute;

import org.vdpacompute.core.host.HostReport;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.vdpacompute.core.NotFoundException;

/**
 * Compute agents as the cloud sees them: registration, heartbeats, up or down, enabled or
 * disabled, forced down. A host is down when it missed six of its own heartbeats, as the contract
 * says: each agent reports how often it beats.
 */
public final class ComputeServices {
  private final ComputeServiceStore store;
  private final Clock clock;

  public ComputeServices(ComputeServiceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public ComputeService register(HostReport report) {
    return store.register(report, clock.instant(), UUID.randomUUID().toString());
  }

  public void heartbeat(String host) {
    if (!store.heartbeat(host, clock.instant())) {
      throw new NotFoundException("compute host " + host + " has not registered; register before heartbeating");
    }
  }

  public List<ComputeService> services() {
    return store.services().stream().sorted(Comparator.comparing(ComputeService::host)).toList();
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
    return s;
  }

  public ComputeService forceDown(String host, boolean down) {
    ComputeService s = service(host).withForcedDown(down);
    store.update(s);
    return s;
  }

  public Optional<HostReport> report(String host) {
    return store.report(host);
  }

  /** The lowest service version in the cloud and a host that has it; empty without hosts. */
  public Optional<ComputeService> oldest() {
    return store.services().stream().min(Comparator.comparingInt(ComputeService::version).thenComparing(ComputeService::host));
  }
}

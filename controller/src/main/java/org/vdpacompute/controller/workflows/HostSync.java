package org.vdpacompute.controller.workflows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.agent.protocol.GuestSummary;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;

/**
 * The periodic power state sync of every host that is up, off the request path: one read of the
 * servers for all hosts, then one listing of each host's guests, which serves both the host's
 * reconciliation ({@link HostReconciler}) and its servers' power states ({@link PowerStateSync}).
 * Each host is synced as a task of its own, behind its reconciliations; a host whose last sync has
 * not finished (a slow agent) is skipped this time, as Nova skips a sync in progress.
 */
final class HostSync {
  private static final Logger LOG = LoggerFactory.getLogger(HostSync.class);

  private final ComputeServices services;
  private final Agents agents;
  private final InstanceStore instances;
  private final HostReconciler reconciler;
  private final PowerStateSync powers;
  private final InstanceTasks tasks;
  private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

  HostSync(ComputeServices services, Agents agents, InstanceStore instances, HostReconciler reconciler,
      PowerStateSync powers, InstanceTasks tasks) {
    this.services = services;
    this.agents = agents;
    this.instances = instances;
    this.reconciler = reconciler;
    this.powers = powers;
    this.tasks = tasks;
  }

  /** Queues a sync of every host that is up. */
  void syncAll() {
    // Read before any host is listed: see PowerStateSync.
    Map<String, List<Instance>> byHost = instances.instances(null).stream().filter(i -> i.host() != null)
        .collect(Collectors.groupingBy(Instance::host));
    for (ComputeService s : services.services()) {
      String host = s.host();
      if (!services.isUp(s) || !inProgress.add(host)) continue;
      List<Instance> recorded = byHost.getOrDefault(host, List.of());
      tasks.submit("host:" + host, "power state sync", () -> {
        try {
          sync(host, recorded);
        } finally {
          inProgress.remove(host);
        }
      });
    }
  }

  private void sync(String host, List<Instance> recorded) {
    List<GuestSummary> guests;
    try {
      guests = agents.on(host).guests();
    } catch (RuntimeException e) {
      LOG.warn("host {} cannot list its guests for the power state sync; the next one tries again", host, e);
      return;
    }
    reconciler.reconcile(host, guests);
    powers.sync(host, guests, recorded);
  }
}

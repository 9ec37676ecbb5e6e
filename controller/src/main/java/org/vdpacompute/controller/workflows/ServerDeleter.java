package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.MigrationStore;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.HostStates;
import org.vdpacompute.core.Failures;
import org.vdpacompute.core.NotFoundException;

/**
 * Deletes a server the API has marked DELETING: the guest destroyed on its host, its devices freed,
 * the user's ports given back (they survive, as in Nova) and the ports made for it deleted.
 *
 * <p>A host that is down cannot be asked to destroy the guest; the server is deleted here anyway
 * (Nova's local delete) and the host's agent, when it comes back, destroys the guests the
 * controller no longer gives it. A host that is up but fails to destroy the guest leaves the server
 * in ERROR with its devices held, since the guest may still be using them.
 */
final class ServerDeleter {
  private static final Logger LOG = LoggerFactory.getLogger(ServerDeleter.class);

  private final InstanceStore instances;
  private final MigrationStore migrations;
  private final ComputeServices services;
  private final HostInventory inventory;
  private final HostStates states;
  private final Agents agents;
  private final PortBinder ports;
  private final StaleHoldings stale;
  private final Clock clock;

  ServerDeleter(InstanceStore instances, MigrationStore migrations, ComputeServices services, HostInventory inventory,
      HostStates states, Agents agents, PortBinder ports, StaleHoldings stale, Clock clock) {
    this.instances = instances;
    this.migrations = migrations;
    this.services = services;
    this.inventory = inventory;
    this.states = states;
    this.agents = agents;
    this.ports = ports;
    this.stale = stale;
    this.clock = clock;
  }

  void delete(String uuid) {
    Optional<Instance> marked = instances.instance(uuid).filter(i -> i.taskState() == TaskState.DELETING);
    if (marked.isEmpty()) return;
    Instance instance = marked.get();
    if (instance.host() != null && !destroyGuest(instance, instance.host())) return;
    if (instance.host() != null) inventory.free(instance.host(), uuid);
    states.removed(uuid);
    // A move the delete cut short may have a guest and a claim on its other host.
    for (Migration m : migrations.ofInstance(uuid)) {
      if (m.status().isFinal()) continue;
      for (String other : new String[] {m.sourceHost(), m.destHost()}) {
        if (other == null || other.equals(instance.host())) continue;
        destroyGuest(instance, other);
        inventory.free(other, uuid);
      }
      states.uncount(m.uuid());
      migrations.update(m.with(Migration.Status.ERROR, clock.instant()));
    }
    // Anything it still holds elsewhere is stale: a deleted server holds nothing.
    stale.release(instance, null);
    ports.release(instance);
    if (!instances.update(instance.deleted(clock.instant()))) {
      LOG.warn("instance {} changed while it was deleted", uuid);
    }
    LOG.info("instance {} deleted", uuid);
  }

  /** Whether the guest is gone, or its host is down and will destroy it when it comes back. */
  private boolean destroyGuest(Instance instance, String host) {
    ComputeService service;
    try {
      service = services.service(host);
    } catch (NotFoundException e) {
      return true;
    }
    try {
      agents.on(host).destroy(instance.id());
      return true;
    } catch (RuntimeException e) {
      if (!services.isUp(service)) {
        LOG.warn("host {} is down; instance {} is deleted without it, and its agent destroys the guest when it returns",
            host, instance.uuid(), e);
        return true;
      }
      LOG.warn("deleting the guest of instance {} on host {} failed; the server goes to ERROR", instance.uuid(), host, e);
      Instant now = clock.instant();
      instances.update(instance.failed(new Instance.Fault(SagaRunner.FAULT_CODE, "Deleting the guest on host " + host
          + " failed: " + Failures.describe(e), now), now));
      return false;
    }
  }
}

package org.vdpacompute.controller.workflows;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.agent.protocol.GuestSummary;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.MigrationStore;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.core.pci.PciDevice;

/**
 * Brings a host that (re)registers in line with what the controller knows: a guest or a claim of
 * the host that belongs to no server placed there (the server was deleted while the host was down,
 * or evacuated elsewhere) is destroyed and freed. A server with an unsettled move touching the
 * host keeps what it has there: the move decides.
 */
final class HostReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(HostReconciler.class);

  private final ComputeServices services;
  private final Agents agents;
  private final InstanceStore instances;
  private final MigrationStore migrations;
  private final HostInventory inventory;

  HostReconciler(ComputeServices services, Agents agents, InstanceStore instances, MigrationStore migrations,
      HostInventory inventory) {
    this.services = services;
    this.agents = agents;
    this.instances = instances;
    this.migrations = migrations;
    this.inventory = inventory;
  }

  /**
   * Reconciles a host that is up; a host that is down keeps everything (its guests may still run)
   * until its agent registers again.
   */
  void reconcile(String host) {
    ComputeService service = services.known(host).orElse(null);
    if (service == null || !services.isUp(service)) return;
    List<GuestSummary> guests;
    try {
      guests = agents.on(host).guests();
    } catch (RuntimeException e) {
      LOG.warn("host {} cannot be reconciled now", host, e);
      return;
    }
    Set<String> involved = new HashSet<>();
    for (Migration m : migrations.unsettled()) {
      if (host.equals(m.sourceHost()) || host.equals(m.destHost())) involved.add(m.instanceUuid());
    }
    Set<String> holders = new HashSet<>();
    for (PciDevice d : inventory.devices(host)) {
      if (d.instanceUuid() != null) holders.add(d.instanceUuid());
    }
    for (String uuid : holders) {
      if (!belongsHere(uuid, host, involved)) {
        LOG.info("host {} holds devices of instance {}, which no longer runs there: freeing them", host, uuid);
        inventory.free(host, uuid);
      }
    }
    for (GuestSummary g : guests) {
      if (!belongsHere(g.uuid().toString(), host, involved)) {
        LOG.info("host {} still defines guest {}, which no longer runs there: destroying it", host, g.uuid());
        agents.on(host).destroy(g.uuid());
      }
    }
  }

  private boolean belongsHere(String uuid, String host, Set<String> involved) {
    if (involved.contains(uuid)) return true;
    Optional<Instance> i = instances.instance(uuid);
    if (i.isEmpty()) return false;
    TaskState task = i.get().taskState();
    // Claims come before the instance records its host: a placement in flight is left alone.
    if (task == TaskState.SCHEDULING || task == TaskState.UNSHELVING || task == TaskState.SPAWNING) return true;
    return host.equals(i.get().host()) && task != TaskState.DELETING;
  }
}

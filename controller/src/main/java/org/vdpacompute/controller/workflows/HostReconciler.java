package org.vdpacompute.controller.workflows;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
 * Brings a host in line with what the controller knows, when it (re)registers and at every power
 * state sync: a guest or a claim of the host that belongs to no server placed there (the server was
 * deleted while the host was down, evacuated elsewhere, or failed its build) is destroyed and then
 * freed. A server in the middle of a task keeps what it has (its task decides), and so does one
 * with an unsettled move touching the host.
 *
 * <p>Order matters against the work going on meanwhile. The holders are read after the guests are
 * listed and the moves after the holders: a move's claim is always made after its record, so a
 * claim seen here has its move seen too. A guest is destroyed before its devices are freed, so that
 * no device is handed out while a guest that uses it still runs; one that cannot be destroyed keeps
 * its devices.
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
   * Reconciles a host that is up, or whose agent just registered; a host that is down keeps
   * everything (its guests may still run) until its agent registers again. An agent that registers
   * speaks for its host even while an operator still forces the host down, as Nova's compute
   * destroys its evacuated guests when it starts: the evacuation that took them elsewhere is over.
   *
   * @param registered whether the host's agent just registered
   */
  void reconcile(String host, boolean registered) {
    ComputeService service = services.known(host).orElse(null);
    if (service == null || !(registered || services.isUp(service))) return;
    List<GuestSummary> guests;
    try {
      guests = agents.on(host).guests();
    } catch (RuntimeException e) {
      LOG.warn("host {} cannot be reconciled now", host, e);
      return;
    }
    reconcile(host, guests);
  }

  /** Reconciles a host from a listing of its guests just taken. */
  void reconcile(String host, List<GuestSummary> guests) {
    Set<String> holders = new HashSet<>();
    for (PciDevice d : inventory.devices(host)) {
      if (d.instanceUuid() != null) holders.add(d.instanceUuid());
    }
    Set<String> involved = new HashSet<>();
    for (Migration m : migrations.unsettled()) {
      if (host.equals(m.sourceHost()) || host.equals(m.destHost())) involved.add(m.instanceUuid());
    }
    Set<String> strangers = new LinkedHashSet<>();
    for (GuestSummary g : guests) strangers.add(g.uuid().toString());
    strangers.addAll(holders);
    for (String uuid : strangers) {
      if (belongsHere(uuid, host, involved)) continue;
      if (guests.stream().anyMatch(g -> g.uuid().toString().equals(uuid)) && !destroyed(host, uuid)) continue;
      if (holders.contains(uuid)) {
        LOG.info("host {} holds devices of instance {}, which no longer runs there: freeing them", host, uuid);
        inventory.free(host, uuid);
      }
    }
  }

  private boolean destroyed(String host, String uuid) {
    LOG.info("host {} still defines guest {}, which no longer runs there: destroying it", host, uuid);
    try {
      agents.on(host).destroy(UUID.fromString(uuid));
      return true;
    } catch (RuntimeException e) {
      LOG.warn("the stray guest {} on host {} could not be destroyed; its devices stay held", uuid, host, e);
      return false;
    }
  }

  private boolean belongsHere(String uuid, String host, Set<String> involved) {
    if (involved.contains(uuid)) return true;
    Optional<Instance> i = instances.instance(uuid);
    if (i.isEmpty()) return false;
    TaskState task = i.get().taskState();
    // A server in a task keeps what it has: claims come before a placement records its host, and a
    // task that moves the server decides what it leaves where. A delete destroys and frees itself.
    if (task != null) return true;
    return host.equals(i.get().host());
  }
}

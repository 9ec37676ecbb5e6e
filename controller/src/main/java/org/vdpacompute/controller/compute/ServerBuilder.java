package org.vdpacompute.controller.compute;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.compute.ClaimingScheduler.Claimed;
import org.vdpacompute.controller.compute.ServerPciRequests.PortOnNetwork;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.scheduler.NoValidHostException;
import org.vdpacompute.scheduler.ScheduleRequest;

/**
 * Builds a server that the API has recorded (or places one being unshelved): schedule and claim, bind the ports to the claimed
 * devices, have the host's agent spawn the guest, allocate the devices. A host that fails to spawn
 * is undone (guest destroyed, devices freed, ports unbound) and the server rescheduled elsewhere, a
 * bounded number of times; then it goes to ERROR with a fault that says why.
 *
 * <p>Each step is recorded with a compare-and-set on the instance. One that fails means the server
 * was deleted meanwhile: the builder undoes what it has not recorded and stops, and the delete,
 * queued behind it, cleans up the rest.
 */
public final class ServerBuilder {
  /** Hosts a build is tried on before the server goes to ERROR, as Nova's max_attempts. */
  static final int MAX_ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(ServerBuilder.class);

  private final ServerContext c;

  public ServerBuilder(ServerContext context) {
    this.c = context;
  }

  /**
   * What a placement starts from and how it ends when no host works: a build goes to ERROR with a
   * fault, an unshelve goes back to waiting, offloaded, with the failure in its action's events.
   */
  private record Phase(VmState vm, TaskState waiting, String event, boolean failsToError) {}

  private static final Phase BUILD = new Phase(VmState.BUILDING, TaskState.SCHEDULING,
      "compute__do_build_and_run_instance", true);
  private static final Phase UNSHELVE = new Phase(VmState.SHELVED_OFFLOADED, TaskState.UNSHELVING,
      "compute_unshelve_instance", false);

  /** Builds the server if it still waits for it. */
  public void build(String uuid, InstanceAction action) {
    place(uuid, BUILD, action);
  }

  /** Places an offloaded server that waits to be unshelved, wherever the scheduler says. */
  public void unshelve(String uuid, InstanceAction action) {
    place(uuid, UNSHELVE, action);
  }

  private void place(String uuid, Phase phase, InstanceAction action) {
    Optional<Instance> waiting = c.instances().instance(uuid)
        .filter(i -> i.vmState() == phase.vm() && i.taskState() == phase.waiting());
    if (waiting.isEmpty()) return;
    Instance instance = waiting.get();
    List<PortOnNetwork> nics = c.portsOf(instance);
    List<PciRequest> pci = ServerPciRequests.of(instance.flavor(), nics, c.flavors().aliases());
    Set<String> failedHosts = new HashSet<>();
    List<String> failures = new ArrayList<>();
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      ScheduleRequest request = new ScheduleRequest(uuid, instance.flavor().vcpus(), instance.flavor().ramMb(),
          instance.flavor().diskGb(), numaNodes(instance.flavor()), pci, failedHosts, Set.of());
      Claimed claimed;
      try {
        claimed = c.scheduler().place(request, uuid, uuid, instance.flavor());
      } catch (NoValidHostException e) {
        String why = failures.isEmpty() ? e.getMessage() : e.getMessage() + " Earlier attempts: " + String.join("; ", failures);
        fail(instance, phase, action, why);
        return;
      }
      String host = claimed.host();
      Instance spawning = instance.next(host, phase.vm(), TaskState.SPAWNING, null,
          claimed.placement().guestCells(), c.now(), null);
      if (!c.instances().update(spawning)) {
        LOG.info("instance {} was deleted while it was scheduled; freeing its claim on {}", uuid, host);
        c.inventory().free(host, uuid);
        c.states().removed(uuid);
        return;
      }
      InstanceAction.Event spawned;
      try {
        // The ports as read when the build began: binding reads one again only if it changed since.
        spawned = c.actions().attempt(action, phase.event(), host, () -> {
          List<PortOnNetwork> bound = c.ports().bind(spawning, nics, host, claimed.devices());
          c.agents().spawn(c.agentUrl(host),
              GuestBlueprints.of(spawning, claimed.placement().guestCells(), bound, claimed.devices()));
          if (!claimed.devices().isEmpty()) c.inventory().allocate(host, uuid);
        });
      } catch (RuntimeException e) {
        LOG.warn("building instance {} on host {} failed (attempt {} of {}): {}", uuid, host, attempt, MAX_ATTEMPTS,
            e.getMessage());
        failures.add(host + ": " + e.getMessage());
        failedHosts.add(host);
        Optional<Instance> back = undoHost(spawning, phase);
        if (back.isEmpty()) return;
        instance = back.get();
        continue;
      }
      Instance active = spawning.next(host, VmState.ACTIVE, null, null, spawning.guestCells(), c.now(), c.now());
      // The step's success and the server's state that follows from it, in one commit.
      boolean activated = c.units().run(() -> {
        c.actions().record(action, spawned);
        return c.instances().update(active);
      });
      if (activated) {
        c.states().placed(active);
        LOG.info("instance {} is active on host {} with devices {}", uuid, host,
            claimed.devices().stream().map(d -> d.address().toString()).toList());
      }
      return;
    }
    fail(instance, phase, action, "Build of instance " + uuid + " failed on " + MAX_ATTEMPTS + " hosts: "
        + String.join("; ", failures));
  }

  /**
   * Takes a failed spawn off its host: the guest destroyed if the agent got that far, the devices
   * freed, the ports unbound, the server back to scheduling. Empty when it was deleted meanwhile.
   */
  private Optional<Instance> undoHost(Instance spawning, Phase phase) {
    String host = spawning.host();
    try {
      c.agents().destroy(c.agentUrl(host), UUID.fromString(spawning.uuid()));
    } catch (RuntimeException e) {
      LOG.warn("could not destroy what is left of instance {} on host {}: {}", spawning.uuid(), host, e.getMessage());
    }
    Instance rescheduling = spawning.next(null, phase.vm(), phase.waiting(), null, List.of(), c.now(), null);
    if (!c.instances().update(rescheduling)) return Optional.empty();
    c.inventory().free(host, spawning.uuid());
    c.states().removed(spawning.uuid());
    c.ports().unbind(spawning);
    return Optional.of(rescheduling);
  }

  private void fail(Instance instance, Phase phase, InstanceAction action, String why) {
    if (phase.failsToError()) {
      LOG.warn("instance {} goes to ERROR: {}", instance.uuid(), why);
      c.instances().update(instance.next(null, VmState.ERROR, null, new Instance.Fault(500, why, c.now()), List.of(),
          c.now(), null));
    } else {
      LOG.warn("instance {} stays {}: {}", instance.uuid(), phase.vm().apiName(), why);
      c.instances().update(instance.next(null, phase.vm(), null, instance.fault(), List.of(), c.now(), instance.launchedAt()));
    }
    c.actions().failed(action, phase.event(), null, why);
  }

  static int numaNodes(Flavor flavor) {
    String n = flavor.extraSpecs().get(FlavorService.NUMA_NODES);
    return n == null ? 0 : Integer.parseInt(n.strip());
  }
}

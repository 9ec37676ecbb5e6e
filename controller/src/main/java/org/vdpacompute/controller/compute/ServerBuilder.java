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
import org.vdpacompute.core.Failures;
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
    // One read transaction for the server and its ports.
    Optional<Waiting> waiting = c.units().run(() -> c.instances().instance(uuid)
        .filter(i -> i.vmState() == phase.vm() && i.taskState() == phase.waiting())
        .map(i -> new Waiting(i, c.portsOf(i))));
    if (waiting.isEmpty()) return;
    Instance instance = waiting.get().instance();
    List<PortOnNetwork> nics = waiting.get().nics();
    List<PciRequest> pci = ServerPciRequests.of(instance.flavor(), nics, c.flavors().aliases());
    Set<String> failedHosts = new HashSet<>();
    List<String> failures = new ArrayList<>();
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      ScheduleRequest request = new ScheduleRequest(uuid, instance.flavor().vcpus(), instance.flavor().ramMb(),
          instance.flavor().diskGb(), numaNodes(instance.flavor()), pci, failedHosts, Set.of());
      OnHost onHost = new OnHost(instance, phase, nics);
      Claimed claimed;
      try {
        claimed = c.scheduler().place(request, uuid, uuid, instance.flavor(), onHost);
      } catch (NoValidHostException e) {
        String why = failures.isEmpty() ? e.getMessage() : e.getMessage() + " Earlier attempts: " + String.join("; ", failures);
        fail(instance, phase, action, why, e.details());
        return;
      } catch (InstanceGoneException e) {
        LOG.info("instance {} was deleted while it was scheduled", uuid);
        return;
      } catch (RuntimeException e) {
        // The claim's unit rolled back (its ports could not be bound, or the database kept
        // refusing it): nothing of this try was recorded, and the next one schedules again
        // unless the failure would be the same there.
        c.actions().failed(action, phase.event(), onHost.host, Failures.describe(e));
        failedOn(uuid, onHost.host, attempt, e, failures, failedHosts);
        if (!BuildFailure.of(e).worthAnotherHost()) {
          fail(instance, phase, action, giveUp(uuid, failures), null);
          return;
        }
        continue;
      }
      String host = claimed.host();
      Instance spawning = onHost.spawning;
      boolean activated;
      try {
        InstanceAction.Event spawned = c.actions().attempt(action, phase.event(), host, () -> c.agents().spawn(
            c.agentUrl(host), GuestBlueprints.of(spawning, claimed.placement().guestCells(), onHost.bound, claimed.devices())));
        activated = activate(spawning, action, spawned, claimed);
      } catch (RuntimeException e) {
        failedOn(uuid, host, attempt, e, failures, failedHosts);
        Optional<Instance> back = undoHost(spawning, phase);
        if (back.isEmpty()) return;
        instance = back.get();
        if (!BuildFailure.of(e).worthAnotherHost()) {
          fail(instance, phase, action, giveUp(uuid, failures), null);
          return;
        }
        continue;
      }
      if (activated) {
        LOG.info("instance {} is active on host {} with devices {}", uuid, host,
            claimed.devices().stream().map(d -> d.address().toString()).toList());
      }
      return;
    }
    fail(instance, phase, action, giveUp(uuid, failures), null);
  }

  private static String giveUp(String uuid, List<String> failures) {
    return "Build of instance " + uuid + " failed on " + failures.size() + (failures.size() == 1 ? " host: " : " hosts: ")
        + String.join("; ", failures);
  }

  /** A server waiting for a host, with its ports as read when its build began. */
  private record Waiting(Instance instance, List<PortOnNetwork> nics) {}

  /** The server was deleted while it was being scheduled; its claim was not recorded. */
  private static final class InstanceGoneException extends RuntimeException {
    InstanceGoneException() {
      super(null, null, false, false);
    }
  }

  /**
   * What a build records with its claim, in one commit: the server on the host, spawning, and its
   * ports bound to the host and the claimed devices.
   */
  private final class OnHost implements ClaimingScheduler.WithClaim {
    private final Instance instance;
    private final Phase phase;
    private final List<PortOnNetwork> nics;
    /** Set once a host's claim was made; what follows from the last time it was. */
    String host;
    Instance spawning;
    List<PortOnNetwork> bound;

    OnHost(Instance instance, Phase phase, List<PortOnNetwork> nics) {
      this.instance = instance;
      this.phase = phase;
      this.nics = nics;
    }

    @Override
    public void record(Claimed claimed) {
      host = claimed.host();
      spawning = instance.next(host, phase.vm(), TaskState.SPAWNING, null, claimed.placement().guestCells(), c.now(), null);
      if (!c.instances().update(spawning)) throw new InstanceGoneException();
      // Each port written over as read when the build began, read again only if it changed since.
      bound = c.ports().bind(spawning, nics, host, claimed.devices());
    }
  }

  /**
   * The spawn's success, the devices allocated and the server ACTIVE, in one commit; false when the
   * server was deleted meanwhile. A failure is recorded as the spawn's and thrown.
   */
  private boolean activate(Instance spawning, InstanceAction action, InstanceAction.Event spawned, Claimed claimed) {
    String host = spawning.host();
    Instance active = spawning.next(host, VmState.ACTIVE, null, null, spawning.guestCells(), c.now(), c.now());
    boolean activated;
    try {
      activated = c.units().runVersioned(() -> {
        if (!claimed.devices().isEmpty()) c.inventory().allocate(host, spawning.uuid());
        c.actions().record(action, spawned);
        return c.instances().update(active);
      }, () -> c.inventory().reload(host));
    } catch (RuntimeException e) {
      c.actions().failed(action, spawned.event(), host, Failures.describe(e));
      throw e;
    }
    if (activated) c.states().placed(active);
    return activated;
  }

  /** A try that failed on a host, or before one was chosen when {@code host} is null. */
  private static void failedOn(String uuid, String host, int attempt, RuntimeException e, List<String> failures,
      Set<String> failedHosts) {
    String where = host == null ? "scheduling" : host;
    LOG.warn("building instance {} failed in {} (attempt {} of {})", uuid, where, attempt, MAX_ATTEMPTS, e);
    failures.add(where + ": " + Failures.describe(e));
    if (host != null) failedHosts.add(host);
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

  /** @param details what only administrators see of the failure (each refused host), or null */
  private void fail(Instance instance, Phase phase, InstanceAction action, String why, String details) {
    if (phase.failsToError()) {
      LOG.warn("instance {} goes to ERROR: {}", instance.uuid(), why);
      c.instances().update(instance.next(null, VmState.ERROR, null, new Instance.Fault(500, why, details, c.now()), List.of(),
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

package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.FlavorService;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.UnitOfWork;
import org.vdpacompute.controller.placement.ClaimingScheduler;
import org.vdpacompute.controller.placement.HostClaim;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.HostStates;
import org.vdpacompute.controller.placement.LostRaceException;
import org.vdpacompute.core.Failures;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.scheduler.NoValidHostException;

/**
 * Builds a server that the API has recorded (or places one being unshelved), in three steps: a
 * host claimed (ranked once; its devices claimed, the server recorded there and its ports bound to
 * the devices, in one commit), the guest spawned by the host's agent, the devices allocated and
 * the server ACTIVE (one commit, with the action's event). A host that fails is undone (guest
 * destroyed, devices freed, ports unbound) and the server placed elsewhere, a bounded number of
 * times; then a build goes to ERROR with a fault that says why, an unshelve back to waiting,
 * offloaded.
 */
final class ServerBuilder {
  /** Hosts a build is tried on before the server goes to ERROR, as Nova's max_attempts. */
  static final int MAX_ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(ServerBuilder.class);

  private final SagaRunner runner;
  private final ClaimingScheduler scheduler;
  private final UnitOfWork units;
  private final PortBinder ports;
  private final InstancePorts instancePorts;
  private final FlavorService flavors;
  private final Clock clock;
  private final Saga<Build> build;
  private final Saga<Build> unshelve;

  /** One placement of a server as its steps share it, over its attempts. */
  static final class Build extends SagaState {
    /** The server's ports with their networks, in its guest's order, as read when it was accepted. */
    final List<PortOnNetwork> nics;
    final List<PciRequest> pci;
    final Set<String> failedHosts = new HashSet<>();
    final List<String> failures = new ArrayList<>();
    /** The failure last noted in {@link #failures}: a build that ends on it gives each host's reason. */
    RuntimeException noted;
    /** The host of this attempt, once one was chosen. */
    String host;
    List<PciDevice> devices = List.of();
    /** The ports as bound to the host's devices. */
    List<PortOnNetwork> bound = List.of();

    Build(Instance waiting, InstanceAction action, List<PortOnNetwork> nics, List<PciRequest> pci) {
      super(waiting, action);
      this.nics = List.copyOf(nics);
      this.pci = List.copyOf(pci);
    }
  }

  /** What the claim of a host recorded, in one commit. */
  private record Placed(Instance instance, List<PciDevice> devices, List<PortOnNetwork> bound) {}

  ServerBuilder(SagaRunner runner, ClaimingScheduler scheduler, UnitOfWork units, HostInventory inventory,
      HostStates states, Agents agents, PortBinder ports, InstancePorts instancePorts, FlavorService flavors,
      Clock clock) {
    this.runner = runner;
    this.scheduler = scheduler;
    this.units = units;
    this.ports = ports;
    this.instancePorts = instancePorts;
    this.flavors = flavors;
    this.clock = clock;
    build = placement("build", "compute__do_build_and_run_instance", Saga.Ending.ERROR, inventory, states, agents);
    unshelve = placement("unshelve", "compute_unshelve_instance", Saga.Ending.REVERT_TASK, inventory, states, agents);
  }

  private Saga<Build> placement(String name, String event, Saga.Ending onFailure, HostInventory inventory,
      HostStates states, Agents agents) {
    return placing(name, onFailure,
        Step.<Build>of("claim a host", this::claimHost).event(event, b -> b.host).undo(b -> {
          b.instance = runner.record(b.instance.unplaced(clock.instant()), "it was placed elsewhere");
          inventory.free(b.host, b.instance.uuid());
          states.removed(b.instance.uuid());
          ports.unbind(b.instance);
        }),
        Step.<Build>of("spawn the guest", b -> agents.on(b.host).spawn(GuestBlueprints.of(b.instance,
            b.instance.guestCells(), b.bound, b.devices))).undoAlsoIfFailed(b -> {
              try {
                agents.on(b.host).destroy(b.instance.id());
              } catch (RuntimeException e) {
                LOG.warn("could not destroy what is left of instance {} on host {}", b.instance.uuid(), b.host, e);
              }
            }),
        Step.<Build>recording("record the server active", b -> {
          if (!b.devices.isEmpty()) inventory.allocate(b.host, b.instance.uuid());
          b.instance = runner.record(b.instance.launched(clock.instant()), "it was spawned");
        }).afterCommit(b -> {
          states.placed(b.instance);
          LOG.info("instance {} is active on host {} with devices {}", b.instance.uuid(), b.host,
              b.devices.stream().map(d -> d.address().toString()).toList());
        }));
  }

  /**
   * A saga that places a server, with what every placement does on a failure: tried again on
   * another host while that may help, then a fault that gives each host's reason, and, when no
   * host fits, the scheduler's explanation for administrators.
   */
  @SafeVarargs
  static Saga<Build> placing(String name, Saga.Ending onFailure, Step<Build>... steps) {
    return Saga.of(name, onFailure, steps).retry(ServerBuilder::elsewhere).fault(ServerBuilder::why)
        .details(ServerBuilder::details);
  }

  /** Builds the server the API accepted, with the ports and PCI requests it was accepted with. */
  void build(Instance accepted, InstanceAction action, List<PortOnNetwork> nics, List<PciRequest> pci) {
    runner.run(build, new Build(accepted, action, nics, pci));
  }

  /** Places an offloaded server that waits to be unshelved, wherever the scheduler says. */
  void unshelve(Instance marked, InstanceAction action) {
    List<PortOnNetwork> nics = instancePorts.of(marked);
    runner.run(unshelve, new Build(marked, action, nics, ServerPciRequests.of(marked.flavor(), nics, flavors.aliases())));
  }

  /**
   * Ranks the hosts once and claims on the best that takes the server: its devices, the server
   * recorded there spawning, its ports bound to the devices, in one commit under the host's lock.
   */
  private void claimHost(Build b) {
    Instance waiting = b.instance;
    ClaimingScheduler.Placing placing = scheduler.placing(ServerPciRequests.scheduling(waiting.uuid(), waiting.flavor(),
        b.pci, b.failedHosts, Set.of()), waiting.uuid());
    while (true) {
      try (HostClaim claim = placing.next()) {
        b.host = claim.host();
        Placed placed = units.runVersioned(() -> {
          List<PciDevice> devices = claim.claimDevices();
          Instance spawning = runner.record(waiting.placed(claim.host(), claim.guestCells(), clock.instant()),
              "it was scheduled");
          // Each port written over as read when the server was accepted, read again only if it changed since.
          return new Placed(spawning, devices, ports.bind(spawning, b.nics, claim.host(), devices));
        }, claim::forget);
        claim.commit(waiting.uuid(), waiting.flavor());
        b.instance = placed.instance();
        b.devices = placed.devices();
        b.bound = placed.bound();
        return;
      } catch (LostRaceException e) {
        LOG.info("{}; trying the next host", e.getMessage());
        b.host = null;
      }
    }
  }

  /**
   * Whether to try again after a failure, on another host: not when no host fits, nor when the
   * failure would be the same on every host ({@link BuildFailure}), and a bounded number of times.
   */
  private static boolean elsewhere(Build b, RuntimeException failure, int attempt) {
    if (failure instanceof NoValidHostException) return false;
    String where = b.host == null ? "scheduling" : b.host;
    b.failures.add(where + ": " + Failures.describe(failure));
    b.noted = failure;
    if (b.host != null) b.failedHosts.add(b.host);
    b.host = null;
    if (!BuildFailure.of(failure).worthAnotherHost()) {
      LOG.info("placing instance {} failed in {} as it would on any host; it is not tried elsewhere", b.instance.uuid(),
          where);
      return false;
    }
    LOG.info("placing instance {} failed in {} (attempt {} of {})", b.instance.uuid(), where, attempt, MAX_ATTEMPTS);
    return attempt < MAX_ATTEMPTS;
  }

  private static String why(Build b, RuntimeException failure) {
    if (failure instanceof NoValidHostException) {
      return b.failures.isEmpty() ? Failures.describe(failure)
          : Failures.describe(failure) + " Earlier attempts: " + String.join("; ", b.failures);
    }
    if (failure == b.noted) {
      // The attempts ran out, or the failure would be the same on any host: each host's reason.
      return "Build of instance " + b.instance.uuid() + " failed on " + b.failures.size()
          + (b.failures.size() == 1 ? " host: " : " hosts: ") + String.join("; ", b.failures);
    }
    return Failures.describe(failure);
  }

  /** What only administrators see of a failed build: each host the scheduler refused, and why. */
  private static String details(Build b, RuntimeException failure) {
    return failure instanceof NoValidHostException refusal ? refusal.details() : null;
  }
}

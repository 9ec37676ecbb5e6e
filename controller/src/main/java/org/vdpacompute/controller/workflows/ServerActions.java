package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.FlavorService;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.InstanceInvalidStateException;
import org.vdpacompute.controller.model.InstanceStates;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.MigrationStore;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.PortInUseException;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.Failures;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.VdpaComputeException;
import org.vdpacompute.core.pci.request.AliasRequests;
import org.vdpacompute.core.pci.request.VnicType;

/**
 * The actions of the compute API on a server. Each is checked here, before anything changes: the
 * server's state must allow the action's task ({@link InstanceStates}; 409 saying which state
 * forbids it), and an operation on a server with vDPA ports must be one every compute host of the
 * cloud can carry out (409 "not supported for instance with vDPA ports" otherwise). The server is
 * then marked with the action's task state, the action recorded, and the operation queued behind
 * the server's other tasks.
 */
public final class ServerActions implements AutoCloseable {
  /** How long an interface attach, which the API answers when done, is waited for. */
  private static final Duration ATTACH_WAIT = Duration.ofMinutes(2);
  /** Tries of an os-resetState against other writers of the server. */
  private static final int MAX_RESET_ATTEMPTS = 10;
  private final Servers servers;
  private final SagaRunner runner;
  private final InstanceStore instances;
  private final MigrationStore migrations;
  private final InstanceActions actions;
  private final FlavorService flavors;
  private final NetworkService networks;
  private final ComputeServices services;
  private final PortBinder ports;
  private final InstancePorts instancePorts;
  private final InstanceTasks tasks;
  private final Operations operations;
  private final ComputeSettings settings;
  private final Clock clock;
  private final ScheduledExecutorService offloads = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "shelved-offload");
    t.setDaemon(true);
    return t;
  });

  /** The operations the actions queue. */
  record Operations(PowerOperations power, ColdMoves cold, Shelving shelving, ServerBuilder builder,
      LiveMigrations live, Evacuations evacuations, InterfaceAttachments interfaces) {}

  ServerActions(Servers servers, SagaRunner runner, InstanceStore instances, MigrationStore migrations, InstanceActions actions,
      FlavorService flavors, NetworkService networks, ComputeServices services, PortBinder ports,
      InstancePorts instancePorts, InstanceTasks tasks, Operations operations, ComputeSettings settings, Clock clock) {
    this.servers = servers;
    this.runner = runner;
    this.instances = instances;
    this.migrations = migrations;
    this.actions = actions;
    this.flavors = flavors;
    this.networks = networks;
    this.services = services;
    this.ports = ports;
    this.instancePorts = instancePorts;
    this.tasks = tasks;
    this.operations = operations;
    this.settings = settings;
    this.clock = clock;
  }

  public void stop(String uuid, Caller who) {
    Instance i = mark(uuid, who, "stop", TaskState.POWERING_OFF, VdpaOperation.STOP);
    queue(i, "stop", who, operations.power()::stop);
  }

  public void start(String uuid, Caller who) {
    Instance i = mark(uuid, who, "start", TaskState.POWERING_ON, VdpaOperation.START);
    queue(i, "start", who, operations.power()::start);
  }

  /**
   * A SOFT reboot restarts the running guest; a HARD one defines the guest again from the server's
   * record, from any state Nova allows it in (ERROR among them), on the host the server has.
   *
   * @throws ConflictException for a HARD reboot of a server with no host (never placed): there is nothing to rebuild it on
   */
  public void reboot(String uuid, Caller who, RebootType type) {
    if (type == RebootType.SOFT) {
      Instance i = mark(uuid, who, "reboot", TaskState.REBOOTING, VdpaOperation.REBOOT);
      queue(i, "reboot", who, operations.power()::reboot);
      return;
    }
    Instance current = servers.server(uuid, who.projectId(), who.admin());
    if (current.host() == null && InstanceStates.mayBegin(current.state(), TaskState.REBOOTING_HARD)) {
      throw new ConflictException("Cannot 'reboot' instance " + uuid + ": it has no host to define its guest on (it "
          + "was never placed); delete it and boot again.");
    }
    Instance i = mark(uuid, who, "reboot", TaskState.REBOOTING_HARD, VdpaOperation.REBOOT);
    queue(i, "reboot", who, operations.power()::hardReboot);
  }

  /** Nova's reboot types. */
  public enum RebootType {
    /** The guest restarts itself. */
    SOFT,
    /** The guest is defined again from the server's record and started. */
    HARD
  }

  /**
   * An administrator's {@code os-resetState}, as Nova's: the server idle in ACTIVE or ERROR, its task
   * dropped whatever it was, recorded as a {@code resetState} action. Nothing is asked of its host:
   * this is how an operator marks a server whose records recovery could not settle, for a HARD
   * reboot or a delete.
   */
  public void resetState(String uuid, Caller who, VmState state) {
    for (int attempt = 0; attempt < MAX_RESET_ATTEMPTS; attempt++) {
      Instance i = servers.server(uuid, who.projectId(), who.admin());
      Instance reset = i.reset(state, clock.instant());
      if (instances.update(reset)) {
        actions.start(uuid, "resetState", who.projectId(), who.userId());
        return;
      }
    }
    throw new ConflictException("Server " + uuid + " keeps changing; try os-resetState again.");
  }

  public void suspend(String uuid, Caller who) {
    Instance i = mark(uuid, who, "suspend", TaskState.SUSPENDING, VdpaOperation.SUSPEND);
    queue(i, "suspend", who, operations.power()::suspend);
  }

  public void resume(String uuid, Caller who) {
    Instance i = mark(uuid, who, "resume", TaskState.RESUMING, VdpaOperation.RESUME);
    queue(i, "resume", who, operations.power()::resume);
  }

  public void shelve(String uuid, Caller who) {
    Instance i = mark(uuid, who, "shelve", TaskState.SHELVING, VdpaOperation.SHELVE);
    queue(i, "shelve", who, (m, a) -> {
      Instance shelved = operations.shelving().shelve(m, a);
      if (shelved == null) return;
      if (shelved.taskState() == TaskState.SHELVING_OFFLOADING) {
        operations.shelving().offload(shelved, a);
      } else if (settings.shelvedOffloadTime() > 0) {
        offloads.schedule(() -> offloadIfStillShelved(uuid, who), settings.shelvedOffloadTime(), TimeUnit.SECONDS);
      }
    });
  }

  public void shelveOffload(String uuid, Caller who) {
    Instance i = mark(uuid, who, "shelveOffload", TaskState.SHELVING_OFFLOADING, VdpaOperation.SHELVE);
    queue(i, "shelveOffload", who, operations.shelving()::offload);
  }

  private void offloadIfStillShelved(String uuid, Caller who) {
    try {
      shelveOffload(uuid, who);
    } catch (VdpaComputeException e) {
      // unshelved, deleted or busy meanwhile: nothing to offload
    }
  }

  public void unshelve(String uuid, Caller who) {
    Instance i = mark(uuid, who, "unshelve", TaskState.UNSHELVING, VdpaOperation.UNSHELVE);
    queue(i, "unshelve", who, i.vmState() == VmState.SHELVED_OFFLOADED ? operations.builder()::unshelve
        : operations.shelving()::unshelve);
  }

  /** Cold migration, to the named host or wherever the scheduler says. */
  public void migrate(String uuid, Caller who, String host) {
    requireHost(host);
    Instance i = mark(uuid, who, "migrate", TaskState.RESIZE_PREP, VdpaOperation.MIGRATE);
    Migration m = newMigration(i, Migration.Type.MIGRATION, i.flavor(), who);
    queue(i, "migrate", who, (x, a) -> operations.cold().migrate(x, m, a, host == null ? Set.of() : Set.of(host)));
  }

  public void resize(String uuid, Caller who, String flavorRef) {
    Flavor next;
    try {
      next = flavors.visibleFlavor(flavorRef, who.projectId(), who.admin());
    } catch (NotFoundException e) {
      throw new InvalidValueException("Flavor " + flavorRef + " could not be found.");
    }
    Instance current = servers.server(uuid, who.projectId(), who.admin());
    if (next.id().equals(current.flavor().id())) {
      throw new InvalidValueException("When resizing, instances must change flavor.");
    }
    Instance i = mark(uuid, who, "resize", TaskState.RESIZE_PREP, VdpaOperation.RESIZE);
    Migration m = newMigration(i, Migration.Type.RESIZE, next, who);
    queue(i, "resize", who, (x, a) -> operations.cold().migrate(x, m, a, Set.of()));
  }

  public void confirmResize(String uuid, Caller who) {
    Migration m = finishedMigration(servers.server(uuid, who.projectId(), who.admin()));
    Instance i = mark(uuid, who, "confirmResize", TaskState.RESIZE_CONFIRMING, VdpaOperation.RESIZE);
    queue(i, "confirmResize", who, (x, a) -> operations.cold().confirm(x, m, a));
  }

  public void revertResize(String uuid, Caller who) {
    Migration m = finishedMigration(servers.server(uuid, who.projectId(), who.admin()));
    Instance i = mark(uuid, who, "revertResize", TaskState.RESIZE_REVERTING, VdpaOperation.RESIZE);
    queue(i, "revertResize", who, (x, a) -> operations.cold().revert(x, m, a));
  }

  public void liveMigrate(String uuid, Caller who, String host) {
    requireHost(host);
    Instance current = servers.server(uuid, who.projectId(), who.admin());
    if (current.flavor().extraSpecs().containsKey(AliasRequests.EXTRA_SPEC)) {
      // Whole PCI devices of a flavor alias cannot be unplugged and plugged again as a NIC can.
      throw new ConflictException("Live migration of server " + uuid + " is not supported: its flavor gives it PCI "
          + "devices (pci_passthrough:alias) that cannot be detached during the move; use a cold migration.");
    }
    Instance i = mark(uuid, who, "os-migrateLive", TaskState.MIGRATING, VdpaOperation.LIVE_MIGRATE);
    Migration m = newMigration(i, Migration.Type.LIVE_MIGRATION, i.flavor(), who);
    queue(i, "live-migration", who,
        (x, a) -> operations.live().migrate(x, m, a, host == null ? Set.of() : Set.of(host)));
  }

  /** Rebuilds the server elsewhere; only from a host that is down, whose guest can no longer run. */
  public void evacuate(String uuid, Caller who, String host) {
    requireHost(host);
    Instance current = servers.server(uuid, who.projectId(), who.admin());
    if (current.host() == null) throw new InstanceInvalidStateException("evacuate", current);
    ComputeService source = services.service(current.host());
    if (services.isUp(source)) {
      throw new ConflictException("Compute service of " + current.host() + " is still in use: evacuate moves servers "
          + "off a host that is down or forced down.");
    }
    Instance i = mark(uuid, who, "evacuate", TaskState.REBUILDING, VdpaOperation.EVACUATE);
    Migration m = newMigration(i, Migration.Type.EVACUATION, i.flavor(), who);
    queue(i, "evacuate", who,
        (x, a) -> operations.evacuations().evacuate(x, m, a, host == null ? Set.of() : Set.of(host)));
  }

  /**
   * Attaches a port, or a new port on a network, and waits for it: the answer says which port.
   *
   * @throws ConflictException when the port is in use or the host has no device for it
   */
  public Port attachInterface(String uuid, Caller who, String portId, String networkId, String fixedIp) {
    Instance current = servers.server(uuid, who.projectId(), who.admin());
    Port port;
    boolean created = portId == null;
    if (portId != null) {
      port = servers.visiblePort(portId, who);
      if (port.inUse()) throw new PortInUseException(port);
      if (port.vnicType() == VnicType.VDPA) gate(VdpaOperation.ATTACH_INTERFACE);
    } else {
      servers.visibleNetwork(networkId, who);
      port = null;
    }
    Instance i = mark(uuid, who, "attach_interface", TaskState.INTERFACE_ATTACHING, hasVdpa(current)
        ? VdpaOperation.ATTACH_INTERFACE : null);
    try {
      Port attaching = port != null ? networks.reserve(port, uuid)
          : networks.createPort(new NetworkService.PortRequest("", networkId, i.projectId(), null, null,
              fixedIp == null ? null : List.of(new Port.FixedIp(null, fixedIp)), null, uuid, "compute:nova"));
      InstanceAction action = actions.start(uuid, "attach_interface", who.projectId(), who.userId());
      tasks.submit(uuid, "attach_interface", () -> operations.interfaces().attach(i, attaching, created, action))
          .get(ATTACH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      Instance after = instances.instance(uuid).orElseThrow();
      if (!after.portIds().contains(attaching.id())) {
        ports.release(uuid, List.of(attaching.id()), created ? List.of(attaching.id()) : List.of());
        throw new ConflictException(lastError(uuid, action));
      }
      return networks.port(attaching.id());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConflictException("interrupted while attaching to server " + uuid);
    } catch (TimeoutException e) {
      throw new ConflictException("attaching to server " + uuid + " did not finish within " + ATTACH_WAIT.toMinutes()
          + " minutes; the server shows whether it has the port once it does");
    } catch (ExecutionException e) {
      throw new ConflictException("attaching to server " + uuid + " did not finish: " + Failures.describe(e.getCause()));
    } catch (RuntimeException e) {
      // Refused before the attach was queued: the server is idle again.
      runner.unchangedSince(i).ifPresent(x -> instances.update(x.reverted(x.fault(), clock.instant())));
      throw e;
    }
  }

  public void detachInterface(String uuid, Caller who, String portId) {
    Instance current = servers.server(uuid, who.projectId(), who.admin());
    if (!current.portIds().contains(portId)) {
      throw new NotFoundException("Port " + portId + " is not attached to server " + uuid + ".");
    }
    Instance i = mark(uuid, who, "detach_interface", TaskState.INTERFACE_DETACHING,
        hasVdpa(current) ? VdpaOperation.DETACH_INTERFACE : null);
    queue(i, "detach_interface", who, (x, a) -> operations.interfaces().detach(x, portId, a));
  }

  /** The reason the last step of an action failed, for an answer that must say it. */
  private String lastError(String uuid, InstanceAction action) {
    return actions.of(uuid).stream().filter(a -> a.id() == action.id()).findFirst()
        .flatMap(a -> a.events().stream().filter(e -> "Error".equals(e.result())).reduce((x, y) -> y))
        .map(InstanceAction.Event::traceback).orElse("the interface could not be attached");
  }

  private interface Work {
    void run(Instance marked, InstanceAction action);
  }

  private void queue(Instance marked, String action, Caller who, Work work) {
    InstanceAction a = actions.start(marked.uuid(), action, who.projectId(), who.userId());
    tasks.submit(marked.uuid(), action, () -> work.run(marked, a));
  }

  /** Checks the server's state and the cloud's versions, then marks the server with the action's task. */
  private Instance mark(String uuid, Caller who, String action, TaskState task, VdpaOperation op) {
    Instance i = servers.server(uuid, who.projectId(), who.admin());
    if (!InstanceStates.mayBegin(i.state(), task)) throw new InstanceInvalidStateException(action, i);
    if (op != null && hasVdpa(i)) gate(op);
    Instance marked = i.begin(task, clock.instant());
    if (!instances.update(marked)) throw new ConflictException("Server " + uuid + " changed meanwhile; try again.");
    return marked;
  }

  private void gate(VdpaOperation op) {
    services.oldest().ifPresent(s -> VdpaGate.check(op, s.version(), s.host()));
  }

  private boolean hasVdpa(Instance i) {
    return instancePorts.of(i).stream().anyMatch(p -> p.port().vnicType() == VnicType.VDPA);
  }

  private void requireHost(String host) {
    if (host != null && services.known(host).isEmpty()) {
      throw new InvalidValueException("Compute host " + host + " could not be found.");
    }
  }

  private Migration newMigration(Instance i, Migration.Type type, Flavor next, Caller who) {
    return migrations.insert(new Migration(0, UUID.randomUUID().toString(), i.uuid(), type,
        Migration.Status.PRE_MIGRATING, i.host(), null, i.flavor(), next, i.guestCells(), List.of(), i.projectId(),
        who.userId(), clock.instant(), clock.instant(), 1));
  }

  private Migration finishedMigration(Instance i) {
    return migrations.ofInstance(i.uuid()).stream().filter(m -> m.status() == Migration.Status.FINISHED).findFirst()
        .orElseThrow(() -> new ConflictException("Instance " + i.uuid() + " has no move waiting to be confirmed or reverted."));
  }

  @Override
  public void close() {
    offloads.shutdownNow();
  }
}

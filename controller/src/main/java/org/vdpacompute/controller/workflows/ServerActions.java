package org.vdpacompute.controller.workflows;

import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.InstanceInvalidStateException;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.controller.placement.ComputeService;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.PortInUseException;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.VdpaComputeException;
import org.vdpacompute.core.pci.request.AliasRequests;
import org.vdpacompute.core.pci.request.VnicType;

/**
 * The actions of the compute API on a server. Each is checked here, before anything changes: the
 * server's state must allow it (409 saying which state forbids it), and an operation on a server
 * with vDPA ports must be one every compute host of the cloud can carry out (409 "not supported
 * for instance with vDPA ports" otherwise). The server is then marked with the action's task
 * state, the action recorded, and the work queued behind the server's other tasks.
 */
public final class ServerActions implements AutoCloseable {
  private static final Set<VmState> RUNNING = EnumSet.of(VmState.ACTIVE);
  private static final Set<VmState> MOVABLE = EnumSet.of(VmState.ACTIVE, VmState.STOPPED);

  private final ServerContext c;
  private final Servers servers;
  private final InstanceTasks tasks;
  private final PowerOperations power;
  private final ColdMoves cold;
  private final Shelving shelving;
  private final LiveMigrations live;
  private final Evacuations evacuations;
  private final InterfaceAttachments interfaces;
  private final ScheduledExecutorService offloads = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "shelved-offload");
    t.setDaemon(true);
    return t;
  });

  public ServerActions(ServerContext context, Servers servers, InstanceTasks tasks) {
    this.c = context;
    this.servers = servers;
    this.tasks = tasks;
    this.power = new PowerOperations(context);
    this.cold = new ColdMoves(context);
    this.shelving = new Shelving(context, new ServerBuilder(context));
    this.live = new LiveMigrations(context);
    this.evacuations = new Evacuations(context);
    this.interfaces = new InterfaceAttachments(context);
  }

  public void stop(String uuid, Caller who) {
    Instance i = mark(uuid, who, "stop", RUNNING, TaskState.POWERING_OFF, VdpaOperation.STOP);
    queue(i, "stop", who, (m, a) -> power.stop(m, a));
  }

  public void start(String uuid, Caller who) {
    Instance i = mark(uuid, who, "start", EnumSet.of(VmState.STOPPED), TaskState.POWERING_ON, VdpaOperation.START);
    queue(i, "start", who, (m, a) -> power.start(m, a));
  }

  public void reboot(String uuid, Caller who) {
    Instance i = mark(uuid, who, "reboot", RUNNING, TaskState.REBOOTING, VdpaOperation.REBOOT);
    queue(i, "reboot", who, (m, a) -> power.reboot(m, a));
  }

  public void suspend(String uuid, Caller who) {
    Instance i = mark(uuid, who, "suspend", RUNNING, TaskState.SUSPENDING, VdpaOperation.SUSPEND);
    queue(i, "suspend", who, (m, a) -> power.suspend(m, a));
  }

  public void resume(String uuid, Caller who) {
    Instance i = mark(uuid, who, "resume", EnumSet.of(VmState.SUSPENDED), TaskState.RESUMING, VdpaOperation.RESUME);
    queue(i, "resume", who, (m, a) -> power.resume(m, a));
  }

  public void shelve(String uuid, Caller who) {
    Instance i = mark(uuid, who, "shelve", MOVABLE, TaskState.SHELVING, VdpaOperation.SHELVE);
    queue(i, "shelve", who, (m, a) -> {
      if (shelving.shelve(m, a)) {
        shelving.offload(m.uuid(), a);
      } else if (c.settings().shelvedOffloadTime() > 0) {
        offloads.schedule(() -> offloadIfStillShelved(uuid, who), c.settings().shelvedOffloadTime(), TimeUnit.SECONDS);
      }
    });
  }

  public void shelveOffload(String uuid, Caller who) {
    Instance i = mark(uuid, who, "shelveOffload", EnumSet.of(VmState.SHELVED), TaskState.SHELVING_OFFLOADING,
        VdpaOperation.SHELVE);
    queue(i, "shelveOffload", who, (m, a) -> shelving.offload(m.uuid(), a));
  }

  private void offloadIfStillShelved(String uuid, Caller who) {
    try {
      shelveOffload(uuid, who);
    } catch (VdpaComputeException e) {
      // unshelved, deleted or busy meanwhile: nothing to offload
    }
  }

  public void unshelve(String uuid, Caller who) {
    Instance i = mark(uuid, who, "unshelve", EnumSet.of(VmState.SHELVED, VmState.SHELVED_OFFLOADED), TaskState.UNSHELVING,
        VdpaOperation.UNSHELVE);
    queue(i, "unshelve", who, (m, a) -> shelving.unshelve(m.uuid(), a));
  }

  /** Cold migration, to the named host or wherever the scheduler says. */
  public void migrate(String uuid, Caller who, String host) {
    requireHost(host);
    Instance i = mark(uuid, who, "migrate", MOVABLE, TaskState.RESIZE_PREP, VdpaOperation.MIGRATE);
    Migration m = newMigration(i, Migration.Type.MIGRATION, i.flavor(), who);
    queue(i, "migrate", who, (x, a) -> cold.migrate(x, m, a, host == null ? Set.of() : Set.of(host)));
  }

  public void resize(String uuid, Caller who, String flavorRef) {
    Flavor next;
    try {
      next = c.flavors().flavor(flavorRef);
    } catch (NotFoundException e) {
      throw new InvalidValueException("Flavor " + flavorRef + " could not be found.");
    }
    Instance current = servers.server(uuid, who.projectId(), who.admin());
    if (next.id().equals(current.flavor().id())) {
      throw new InvalidValueException("When resizing, instances must change flavor.");
    }
    Instance i = mark(uuid, who, "resize", MOVABLE, TaskState.RESIZE_PREP, VdpaOperation.RESIZE);
    Migration m = newMigration(i, Migration.Type.RESIZE, next, who);
    queue(i, "resize", who, (x, a) -> cold.migrate(x, m, a, Set.of()));
  }

  public void confirmResize(String uuid, Caller who) {
    Migration m = finishedMigration(servers.server(uuid, who.projectId(), who.admin()));
    Instance i = mark(uuid, who, "confirmResize", EnumSet.of(VmState.RESIZED), TaskState.RESIZE_CONFIRMING,
        VdpaOperation.RESIZE);
    queue(i, "confirmResize", who, (x, a) -> cold.confirm(x, m, a));
  }

  public void revertResize(String uuid, Caller who) {
    Migration m = finishedMigration(servers.server(uuid, who.projectId(), who.admin()));
    Instance i = mark(uuid, who, "revertResize", EnumSet.of(VmState.RESIZED), TaskState.RESIZE_REVERTING,
        VdpaOperation.RESIZE);
    queue(i, "revertResize", who, (x, a) -> cold.revert(x, m, a));
  }

  public void liveMigrate(String uuid, Caller who, String host) {
    requireHost(host);
    Instance current = servers.server(uuid, who.projectId(), who.admin());
    if (current.flavor().extraSpecs().containsKey(AliasRequests.EXTRA_SPEC)) {
      // Whole PCI devices of a flavor alias cannot be unplugged and plugged again as a NIC can.
      throw new ConflictException("Live migration of server " + uuid + " is not supported: its flavor gives it PCI "
          + "devices (pci_passthrough:alias) that cannot be detached during the move; use a cold migration.");
    }
    Instance i = mark(uuid, who, "os-migrateLive", RUNNING, TaskState.MIGRATING, VdpaOperation.LIVE_MIGRATE);
    Migration m = newMigration(i, Migration.Type.LIVE_MIGRATION, i.flavor(), who);
    queue(i, "live-migration", who, (x, a) -> live.migrate(x, m, a, host == null ? Set.of() : Set.of(host)));
  }

  /** Rebuilds the server elsewhere; only from a host that is down, whose guest can no longer run. */
  public void evacuate(String uuid, Caller who, String host) {
    requireHost(host);
    Instance current = servers.server(uuid, who.projectId(), who.admin());
    if (current.host() == null) throw new InstanceInvalidStateException("evacuate", current);
    ComputeService source = c.services().service(current.host());
    if (c.services().isUp(source)) {
      throw new ConflictException("Compute service of " + current.host() + " is still in use: evacuate moves servers "
          + "off a host that is down or forced down.");
    }
    Instance i = mark(uuid, who, "evacuate", EnumSet.of(VmState.ACTIVE, VmState.STOPPED, VmState.ERROR),
        TaskState.REBUILDING, VdpaOperation.EVACUATE);
    Migration m = newMigration(i, Migration.Type.EVACUATION, i.flavor(), who);
    queue(i, "evacuate", who, (x, a) -> evacuations.evacuate(x, m, a, host == null ? Set.of() : Set.of(host)));
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
    Instance i = mark(uuid, who, "attach_interface", RUNNING, TaskState.INTERFACE_ATTACHING, hasVdpa(current)
        ? VdpaOperation.ATTACH_INTERFACE : null);
    try {
      Port attaching = port != null ? c.networks().reserve(port, uuid)
          : c.networks().createPort(new NetworkService.PortRequest("", networkId, i.projectId(), null, null,
              fixedIp == null ? null : List.of(new Port.FixedIp(null, fixedIp)), null, uuid, "compute:nova"));
      InstanceAction action = c.actions().start(uuid, "attach_interface", who.projectId(), who.userId());
      tasks.submit(uuid, "attach_interface", () -> {
        try {
          interfaces.attach(i, attaching, created, action);
        } finally {
          c.instances().instance(uuid).ifPresent(x -> c.instances().update(x.withTask(null, c.now())));
        }
      }).get(2, TimeUnit.MINUTES);
      Instance after = c.instances().instance(uuid).orElseThrow();
      if (!after.portIds().contains(attaching.id())) {
        c.ports().release(uuid, List.of(attaching.id()), created ? List.of(attaching.id()) : List.of());
        throw new ConflictException(lastError(uuid, action));
      }
      return c.networks().port(attaching.id());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConflictException("interrupted while attaching to server " + uuid);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new ConflictException("attaching to server " + uuid + " did not finish: " + e.getMessage());
    } catch (RuntimeException e) {
      c.instances().instance(uuid).ifPresent(x -> {
        if (x.taskState() == TaskState.INTERFACE_ATTACHING) c.instances().update(x.withTask(null, c.now()));
      });
      throw e;
    }
  }

  public void detachInterface(String uuid, Caller who, String portId) {
    Instance current = servers.server(uuid, who.projectId(), who.admin());
    if (!current.portIds().contains(portId)) {
      throw new NotFoundException("Port " + portId + " is not attached to server " + uuid + ".");
    }
    Instance i = mark(uuid, who, "detach_interface", RUNNING, TaskState.INTERFACE_DETACHING,
        hasVdpa(current) ? VdpaOperation.DETACH_INTERFACE : null);
    queue(i, "detach_interface", who, (x, a) -> {
      try {
        interfaces.detach(x, portId, a);
      } finally {
        c.instances().instance(uuid).ifPresent(y -> {
          if (y.taskState() == TaskState.INTERFACE_DETACHING) c.instances().update(y.withTask(null, c.now()));
        });
      }
    });
  }

  /** The reason the last step of an action failed, for an answer that must say it. */
  private String lastError(String uuid, InstanceAction action) {
    return c.actions().of(uuid).stream().filter(a -> a.id() == action.id()).findFirst()
        .flatMap(a -> a.events().stream().filter(e -> "Error".equals(e.result())).reduce((x, y) -> y))
        .map(InstanceAction.Event::traceback).orElse("the interface could not be attached");
  }

  private interface Work {
    void run(Instance marked, InstanceAction action);
  }

  private void queue(Instance marked, String action, Caller who, Work work) {
    InstanceAction a = c.actions().start(marked.uuid(), action, who.projectId(), who.userId());
    tasks.submit(marked.uuid(), action, () -> work.run(marked, a));
  }

  /** Checks the server's state and the cloud's versions, then marks the server with the action's task. */
  private Instance mark(String uuid, Caller who, String action, Set<VmState> allowed, TaskState task, VdpaOperation op) {
    Instance i = servers.server(uuid, who.projectId(), who.admin());
    if (i.taskState() != null || !allowed.contains(i.vmState())) throw new InstanceInvalidStateException(action, i);
    if (op != null && hasVdpa(i)) gate(op);
    Instance marked = i.withTask(task, c.now());
    if (!c.instances().update(marked)) throw new ConflictException("Server " + uuid + " changed meanwhile; try again.");
    return marked;
  }

  private void gate(VdpaOperation op) {
    c.services().oldest().ifPresent(s -> VdpaGate.check(op, s.version(), s.host()));
  }

  private boolean hasVdpa(Instance i) {
    return c.portsOf(i).stream().anyMatch(p -> p.port().vnicType() == VnicType.VDPA);
  }

  private void requireHost(String host) {
    if (host != null && c.services().known(host).isEmpty()) {
      throw new InvalidValueException("Compute host " + host + " could not be found.");
    }
  }

  private Migration newMigration(Instance i, Migration.Type type, Flavor next, Caller who) {
    return c.migrations().insert(new Migration(0, UUID.randomUUID().toString(), i.uuid(), type,
        Migration.Status.PRE_MIGRATING, i.host(), null, i.flavor(), next, i.guestCells(), List.of(), i.projectId(),
        who.userId(), c.now(), c.now(), 1));
  }

  private Migration finishedMigration(Instance i) {
    return c.migrations().ofInstance(i.uuid()).stream().filter(m -> m.status() == Migration.Status.FINISHED).findFirst()
        .orElseThrow(() -> new ConflictException("Instance " + i.uuid() + " has no move waiting to be confirmed or reverted."));
  }

  @Override
  public void close() {
    offloads.shutdownNow();
  }
}

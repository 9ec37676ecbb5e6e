package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.agent.protocol.GuestRunState;
import org.vdpacompute.agent.protocol.PowerAction;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.MigrationStore;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.HostStates;
import org.vdpacompute.core.Failures;

/**
 * What a controller does when it starts, for work a stopped controller left half done, read from
 * what the operation recorded as it went (the server's task, its move's migration record, the
 * host's guest). Deletes are carried out; builds fail cleanly; an unshelve whose guest runs is
 * finished, one whose guest was not spawned is undone; a move in flight is rolled back to its
 * source (a live migration whose guest left its source finished on the destination), a confirm
 * finished, a revert rolled back; an interface attach or detach is undone, the
 * guest defined again from the server's record (what the stop left plugged is unknown); any other
 * task is dropped and the server's state read back from its host. A server whose recovery fails
 * (its host does not answer) is put in ERROR with why. Then every host is reconciled, which frees
 * what a stopped step had claimed but not recorded.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final InstanceStore instances;
  private final MigrationStore migrations;
  private final HostInventory inventory;
  private final HostStates states;
  private final Agents agents;
  private final Moves moves;
  private final PortBinder ports;
  private final RecordedGuest guest;
  private final Clock clock;

  Recovery(InstanceStore instances, MigrationStore migrations, HostInventory inventory, HostStates states, Agents agents,
      Moves moves, PortBinder ports, RecordedGuest guest, Clock clock) {
    this.instances = instances;
    this.migrations = migrations;
    this.inventory = inventory;
    this.states = states;
    this.agents = agents;
    this.moves = moves;
    this.ports = ports;
    this.guest = guest;
    this.clock = clock;
  }

  /**
   * Recovers every server a stopped controller left in the middle of something; one whose records
   * cannot be made sense of is logged and left for an operator, the others recovered all the same.
   *
   * @param deleteLater queues the delete of a server marked DELETING
   */
  void recover(Consumer<String> deleteLater) {
    Set<String> moved = new HashSet<>();
    for (Migration m : migrations.unsettled()) {
      // A move that reached its destination waits for its confirm or revert, unless one was begun.
      TaskState task = instances.instance(m.instanceUuid()).map(Instance::taskState).orElse(null);
      if (m.status() == Migration.Status.FINISHED && task != TaskState.RESIZE_CONFIRMING
          && task != TaskState.RESIZE_REVERTING) {
        continue;
      }
      moved.add(m.instanceUuid());
      guarded(m.instanceUuid(), () -> settle(m));
    }
    for (Instance i : instances.instances(null)) {
      if (i.taskState() == TaskState.DELETING) {
        LOG.info("finishing the delete of instance {} that a stopped controller began", i.uuid());
        deleteLater.accept(i.uuid());
      } else if (i.vmState() == VmState.BUILDING) {
        guarded(i.uuid(), () -> failBuild(i));
      } else if (moved.contains(i.uuid()) || i.taskState() == null) {
        continue;
      } else if (i.vmState() == VmState.SHELVED_OFFLOADED && i.host() != null) {
        guarded(i.uuid(), () -> settleUnshelve(i));
      } else if (i.taskState() == TaskState.INTERFACE_ATTACHING || i.taskState() == TaskState.INTERFACE_DETACHING) {
        guarded(i.uuid(), () -> undoInterfaceChange(i));
      } else {
        guarded(i.uuid(), () -> resync(i));
      }
    }
  }

  /**
   * Runs a server's recovery; one that fails (its host's agent does not answer, say) leaves the
   * server in ERROR with why rather than in its task, which would refuse everything but a delete:
   * from ERROR a HARD reboot defines its guest again from its record once the host is back.
   */
  private void guarded(String instanceUuid, Runnable recovery) {
    try {
      recovery.run();
    } catch (RuntimeException e) {
      LOG.error("instance {} could not be recovered; it is put in ERROR for an operator", instanceUuid, e);
      try {
        instances.instance(instanceUuid).filter(i -> i.taskState() != null && i.taskState() != TaskState.DELETING)
            .ifPresent(i -> {
              Instant now = clock.instant();
              update(i, i.failed(new Instance.Fault(SagaRunner.FAULT_CODE, "The controller stopped during the server's "
                  + i.taskState().apiName() + " and could not settle it when it started again: " + Failures.describe(e)
                  + "; a HARD reboot defines the guest again from the server's record.", now), now));
            });
      } catch (RuntimeException alsoFailed) {
        LOG.error("instance {} could not be put in ERROR either", instanceUuid, alsoFailed);
      }
    }
  }

  private void failBuild(Instance i) {
    LOG.info("failing the build of instance {} that a stopped controller began", i.uuid());
    if (i.host() != null) {
      // The guest may have been spawned: gone before its devices are freed, since the server loses its
      // host. A host that cannot destroy it now keeps both, for its reconciliation to free.
      try {
        guest.undefine(i);
        inventory.free(i.host(), i.uuid());
      } catch (RuntimeException e) {
        LOG.warn("what host {} has of instance {} stays until the host is reconciled", i.host(), i.uuid(), e);
      }
    }
    states.removed(i.uuid());
    ports.unbind(i);
    Instant now = clock.instant();
    update(i, i.failedOn(null, List.of(), new Instance.Fault(SagaRunner.FAULT_CODE,
        "The controller stopped while the server was being built; delete it and boot again.", now), now));
  }

  /** A move the stop cut short: back to the source, or on to the end of a confirm. */
  private void settle(Migration m) {
    Instance i = instances.instance(m.instanceUuid()).orElse(null);
    if (i == null) {
      if (m.destHost() != null) inventory.freeClaim(m.destHost(), m.uuid());
      migrations.update(m.with(Migration.Status.ERROR, clock.instant()));
      return;
    }
    if (m.status() == Migration.Status.CONFIRMING || i.taskState() == TaskState.RESIZE_CONFIRMING) {
      LOG.info("finishing the confirm of the move of instance {}", i.uuid());
      if (!m.isSameHost()) {
        try {
          agents.on(m.sourceHost()).destroy(i.id());
        } catch (RuntimeException e) {
          LOG.warn("the source guest of instance {} on {} could not be destroyed", i.uuid(), m.sourceHost(), e);
        }
      }
      inventory.freeExcept(m.sourceHost(), i.uuid(), m.uuid());
      migrations.update(m.with(Migration.Status.CONFIRMED, clock.instant()));
      update(i, i.finished(shutOff(i) ? VmState.STOPPED : VmState.ACTIVE, clock.instant()));
      return;
    }
    LOG.info("rolling back the {} of instance {} that a stopped controller began", m.type().apiName(), i.uuid());
    String source = m.sourceHost();
    boolean guestHome;
    try {
      guestHome = agents.on(source).stateOf(i.id()).isPresent();
    } catch (RuntimeException unreachable) {
      // A source that cannot answer still has the guest as far as anyone knows: roll back to it.
      guestHome = true;
    }
    if (!guestHome && m.type() == Migration.Type.LIVE_MIGRATION && finishedLiveMigration(i, m)) return;
    if (!guestHome) {
      // The guest left its source but cannot be defined on the destination now: the server stays
      // there, on the claim it uses, in ERROR for the operator's HARD reboot.
      inventory.freeExcept(m.destHost(), i.uuid(), m.uuid());
      inventory.free(source, i.uuid());
      migrations.update(m.with(Migration.Status.ERROR, clock.instant()));
      Instant now = clock.instant();
      update(i, i.failedOn(m.destHost(), m.destCells(), new Instance.Fault(SagaRunner.FAULT_CODE, "The controller stopped "
          + "during the move; the server is on " + m.destHost() + " and may lack its passthrough interfaces.", now), now));
      return;
    }
    if (m.destHost() != null) {
      moves.destroyOnDestination(i, m);
      moves.freeDestination(m.destHost(), m);
    }
    VmState vm = i.vmState() == VmState.RESIZED ? VmState.ACTIVE : i.vmState();
    Instance home = i.arrived(source, m.oldFlavor(), m.sourceCells(), vm, clock.instant());
    moves.bindPorts(home, source, moves.sourceDevices(home, source, m));
    try {
      if (home.vmState() == VmState.ACTIVE && agents.on(source).isShutOff(home.id())) {
        agents.on(source).power(i.id(), PowerAction.START);
      }
    } catch (RuntimeException e) {
      // Not ACTIVE with a guest that may be shut off: in ERROR on its source, for a HARD reboot.
      LOG.warn("instance {} could not be started again on {}", i.uuid(), source, e);
      Instant now = clock.instant();
      home = i.failedOn(source, m.oldFlavor(), m.sourceCells(), new Instance.Fault(SagaRunner.FAULT_CODE, "The "
          + "controller stopped during the " + m.type().apiName() + "; the server is back on " + source + " but its "
          + "guest could not be started there: " + Failures.describe(e) + "; a HARD reboot starts it.", now), now);
    }
    migrations.update(m.with(Migration.Status.ERROR, clock.instant()));
    if (update(i, home)) states.placed(home);
  }

  /**
   * A live migration the stop cut short once the guest left its source: finished where the guest
   * is. It may lack its passthrough interfaces (they are plugged after the move), so it is defined
   * again on the destination from the record, with the destination's devices; then the
   * destination's claim is allocated, the source's devices freed and the move completed.
   *
   * @return false, changing no record, when the destination cannot define the guest now
   */
  private boolean finishedLiveMigration(Instance i, Migration m) {
    LOG.info("finishing the live migration of instance {} to {} that a stopped controller began", i.uuid(), m.destHost());
    Instant now = clock.instant();
    Instance there = i.arrived(m.destHost(), i.flavor(), m.destCells(), i.vmState(), now);
    try {
      guest.undefine(there);
      guest.define(there);
    } catch (RuntimeException e) {
      LOG.warn("instance {} cannot be defined again on {}", i.uuid(), m.destHost(), e);
      return false;
    }
    moves.allocateDestination(i, m);
    inventory.freeExcept(m.sourceHost(), i.uuid(), m.uuid());
    migrations.update(m.with(Migration.Status.COMPLETED, now));
    if (update(i, there)) {
      states.uncount(m.uuid());
      states.placed(there);
    }
    return true;
  }

  /**
   * An unshelve the stop cut short after it claimed a host: finished if the guest runs there (it
   * was spawned), else undone, the server offloaded again as it was.
   */
  private void settleUnshelve(Instance i) {
    GuestRunState state = agents.on(i.host()).stateOf(i.id()).orElse(null);
    Instant now = clock.instant();
    if (state == GuestRunState.RUNNING) {
      LOG.info("finishing the unshelve of instance {} on {} that a stopped controller began", i.uuid(), i.host());
      inventory.allocate(i.host(), i.uuid());
      Instance active = i.launched(now);
      if (update(i, active)) states.placed(active);
      return;
    }
    LOG.info("undoing the unshelve of instance {} on {} that a stopped controller began", i.uuid(), i.host());
    if (state != null) guest.undefine(i);
    inventory.free(i.host(), i.uuid());
    states.removed(i.uuid());
    ports.unbind(i);
    Instance unplaced = i.unplaced(now);
    if (update(i, unplaced)) update(unplaced, unplaced.resynced(VmState.SHELVED_OFFLOADED, now));
  }

  /**
   * An interface attach or detach the stop cut short: undone. A port the record does not give the
   * server (an attach not recorded) is given back with its device; the guest, which may have the
   * port plugged or not, is defined again from the record.
   */
  private void undoInterfaceChange(Instance i) {
    LOG.info("undoing the {} of instance {} that a stopped controller began", i.taskState().apiName(), i.uuid());
    boolean running = !shutOff(i);
    guest.undefine(i);
    guest.define(i);
    if (!running) agents.on(i.host()).power(i.id(), PowerAction.STOP);
    inventory.allocate(i.host(), i.uuid());
    update(i, i.resynced(running ? VmState.ACTIVE : VmState.STOPPED, clock.instant()));
  }

  /** Whether the server's guest on its host is shut off; a host that cannot say counts as running. */
  private boolean shutOff(Instance i) {
    try {
      return agents.on(i.host()).isShutOff(i.id());
    } catch (RuntimeException e) {
      LOG.warn("host {} of instance {} cannot say how its guest is", i.host(), i.uuid(), e);
      return false;
    }
  }

  /** A task the stop cut short is dropped; the server's state is what its host says of its guest. */
  private void resync(Instance i) {
    VmState vm = i.vmState();
    if (i.host() != null) {
      // A host that cannot say fails the recovery: the server goes to ERROR, not to a state its guest may not be in.
      GuestRunState state = agents.on(i.host()).stateOf(i.id()).orElse(null);
      if (state == GuestRunState.RUNNING) vm = i.vmState() == VmState.SHELVED ? VmState.SHELVED : VmState.ACTIVE;
      if (state == GuestRunState.SHUTOFF) vm = i.vmState() == VmState.SHELVED ? VmState.SHELVED : VmState.STOPPED;
      if (state == GuestRunState.PAUSED) vm = VmState.SUSPENDED;
    }
    LOG.info("dropping task {} of instance {} that a stopped controller began", i.taskState().apiName(), i.uuid());
    update(i, i.resynced(vm, clock.instant()));
  }

  private boolean update(Instance before, Instance after) {
    if (instances.update(after)) return true;
    LOG.warn("instance {} changed while it was recovered", before.uuid());
    return false;
  }
}

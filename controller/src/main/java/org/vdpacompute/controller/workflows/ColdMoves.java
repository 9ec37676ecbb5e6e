package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.vdpacompute.agent.protocol.PowerAction;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.controller.placement.Footprint;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.HostStates;
import org.vdpacompute.core.Failures;
import org.vdpacompute.core.pci.PciDevice;

/**
 * Cold migration and resize, and their confirm and revert. The destination is claimed before
 * anything moves; the guest is stopped on the source and spawned on the destination with the
 * destination's devices, and the server waits in VERIFY_RESIZE holding claims on both hosts.
 * Confirm destroys the source's guest and frees the source's claims; revert destroys the
 * destination's guest, frees the move's claim, and starts the server where it was. A failure
 * before the server reaches the destination undoes the destination and leaves the server running
 * where it was; a revert that fails once it destroyed the destination's guest leaves it in ERROR, and
 * a confirm or revert that could not begin (its host did not answer) leaves it waiting in
 * VERIFY_RESIZE, to be asked again.
 */
final class ColdMoves {
  private final SagaRunner runner;
  private final Moves moves;
  private final Agents agents;
  private final HostInventory inventory;
  private final HostStates states;
  private final InstancePorts ports;
  private final Clock clock;
  private final Saga<ColdMove> migrate;
  private final Saga<ColdMove> confirm;
  private final Saga<ColdMove> revert;

  /** One cold migration or resize, or its confirm or revert, as its steps share it. */
  static final class ColdMove extends MoveState {
    boolean wasRunning;
    /** Whether the destination's spawn was asked for, so that its guest may exist. */
    boolean spawned;
    /** Whether undoing the destination already started the server again on its source. */
    boolean restarted;
    /** Whether a confirm or revert destroyed the guest it gives up: from then on it cannot be asked again. */
    boolean guestDestroyed;
    /** Whether a revert gave the destination up: the server's devices and guest are its source's only. */
    boolean destinationFreed;
    List<PciDevice> sourceDevices;

    ColdMove(Instance marked, InstanceAction action, Migration migration, Set<String> onlyHosts) {
      super(marked, action, migration, onlyHosts);
      this.wasRunning = marked.vmState() == VmState.ACTIVE;
    }

    /** A revert that gave the destination up fails where the server's devices and guest are: its source, old size. */
    @Override
    Instance failed(Instance.Fault fault, Instant now) {
      if (!destinationFreed) return super.failed(fault, now);
      return instance.failedOn(migration.sourceHost(), migration.oldFlavor(), migration.sourceCells(), fault, now);
    }
  }

  ColdMoves(SagaRunner runner, Moves moves, Agents agents, HostInventory inventory, HostStates states,
      InstancePorts ports, Clock clock) {
    this.runner = runner;
    this.moves = moves;
    this.agents = agents;
    this.inventory = inventory;
    this.states = states;
    this.ports = ports;
    this.clock = clock;
    migrate = Saga.of("resize or cold migration", Saga.Ending.REVERT_TASK,
        moves.<ColdMove>claimDestination("compute_prep_resize", m -> m.migration.newFlavor(),
            m -> moves.ignoredFor(m.instance, true)),
        Step.<ColdMove>recording("record the destination", m -> {
          m.migration = moves.advance(m.migration, m.migration.to(m.claimed.host(), m.claimed.guestCells(),
              Migration.Status.MIGRATING, clock.instant()));
          m.instance = runner.record(m.instance.proceed(TaskState.RESIZE_MIGRATING, clock.instant()), "it was moved");
        }),
        Step.<ColdMove>of("stop the guest on the source", m -> {
          if (m.wasRunning) agents.on(m.source()).power(m.instance.id(), PowerAction.STOP);
        }).event("compute_resize_instance", MoveState::source).undo(m -> {
          if (m.wasRunning && !m.restarted) agents.on(m.source()).power(m.instance.id(), PowerAction.START);
        }),
        Step.<ColdMove>of("spawn on the destination", m -> {
          moves.bindPorts(m.instance, m.destination(), m.claimed.devices());
          m.spawned = true;
          agents.on(m.destination()).spawn(GuestBlueprints.of(m.instance, m.migration.newFlavor(), m.claimed.guestCells(),
              ports.of(m.instance), m.claimed.devices()));
          if (!m.wasRunning) agents.on(m.destination()).power(m.instance.id(), PowerAction.STOP);
        }).event("compute_finish_resize", MoveState::destination).undoAlsoIfFailed(this::backToSource),
        Step.<ColdMove>recording("record the server resized", m -> {
          moves.allocateDestination(m.instance, m.migration);
          m.migration = moves.advance(m.migration, Migration.Status.FINISHED);
          m.instance = runner.record(m.instance.arrived(m.destination(), m.migration.newFlavor(), m.claimed.guestCells(),
              VmState.RESIZED, clock.instant()), "it was resized");
        }).afterCommit(m -> {
          states.placed(m.instance);
          // Until the move is confirmed or reverted, the source keeps the server's old size too.
          states.count(m.migration.uuid(), new Footprint(m.source(), m.migration.oldFlavor(), m.migration.sourceCells()));
        }))
        .whenFailed(m -> m.migration = moves.advance(m.migration, Migration.Status.ERROR));
    confirm = Saga.of("confirm of a resize", Saga.Ending.ERROR,
        Step.<ColdMove>of("look at the guest on the destination",
            m -> m.wasRunning = !agents.on(m.instance.host()).isShutOff(m.instance.id()))
            .event("compute_confirm_resize", MoveState::source),
        Step.<ColdMove>recording("record the migration confirming",
            m -> m.migration = moves.advance(m.migration, Migration.Status.CONFIRMING)).undo(this::waitingAgain),
        // The source guest is shut off and the server runs on the destination: its devices are
        // freed only once it is gone, since another guest could otherwise be given them while the
        // old one is still defined there.
        Step.<ColdMove>of("destroy the guest on the source", m -> {
          if (!m.migration.isSameHost()) agents.on(m.source()).destroy(m.instance.id());
          m.guestDestroyed = true;
        }),
        Step.<ColdMove>of("free the source", m -> {
          inventory.freeExcept(m.source(), m.instance.uuid(), m.migration.uuid());
          states.uncount(m.migration.uuid());
        }),
        Step.<ColdMove>recording("record the resize confirmed", m -> {
          m.migration = moves.advance(m.migration, Migration.Status.CONFIRMED);
          m.instance = runner.record(m.instance.finished(m.wasRunning ? VmState.ACTIVE : VmState.STOPPED,
              clock.instant()), "its resize was confirmed");
        }))
        // Until the source's guest is destroyed the server can wait in VERIFY_RESIZE again.
        .errorFrom(3)
        .whenFailed(this::failedUnlessUntouched);
    revert = Saga.of("revert of a resize", Saga.Ending.ERROR,
        Step.<ColdMove>of("look at the guest on the destination",
            m -> m.wasRunning = !agents.on(m.destination()).isShutOff(m.instance.id()))
            .event("compute_revert_resize", MoveState::destination),
        Step.<ColdMove>recording("record the migration reverting",
            m -> m.migration = moves.advance(m.migration, Migration.Status.REVERTING)).undo(this::waitingAgain),
        Step.<ColdMove>of("destroy the guest on the destination", m -> {
          if (!m.migration.isSameHost()) agents.on(m.destination()).destroy(m.instance.id());
          m.guestDestroyed = true;
        }),
        Step.<ColdMove>of("free the destination", m -> {
          moves.freeDestination(m.destination(), m.migration);
          m.destinationFreed = true;
        }),
        Step.<ColdMove>of("bind the ports to the source", m -> {
          m.sourceDevices = moves.sourceDevices(m.instance, m.source(), m.migration);
          moves.bindPorts(m.instance, m.source(), m.sourceDevices);
        }),
        Step.<ColdMove>of("start the guest on the source", this::startOnSource)
            .event("compute_finish_revert_resize", MoveState::source),
        Step.<ColdMove>recording("record the server back", m -> {
          m.migration = moves.advance(m.migration, Migration.Status.REVERTED);
          m.instance = runner.record(m.instance.arrived(m.source(), m.migration.oldFlavor(), m.migration.sourceCells(),
              m.wasRunning ? VmState.ACTIVE : VmState.STOPPED, clock.instant()), "its resize was reverted");
        }).afterCommit(m -> states.placed(m.instance)))
        // Until the destination's guest is destroyed the server can wait in VERIFY_RESIZE again.
        .errorFrom(3)
        .fault((m, e) -> "Reverting the move to " + m.destination() + " failed: " + Failures.describe(e))
        .whenFailed(this::failedUnlessUntouched);
  }

  /** Moves the server to a destination, with the migration's new flavor, and leaves it to be confirmed. */
  void migrate(Instance marked, Migration m, InstanceAction action, Set<String> onlyHosts) {
    runner.run(migrate, new ColdMove(marked, action, m, onlyHosts));
  }

  void confirm(Instance marked, Migration m, InstanceAction action) {
    runner.run(confirm, new ColdMove(marked, action, m, Set.of()));
  }

  void revert(Instance marked, Migration m, InstanceAction action) {
    runner.run(revert, new ColdMove(marked, action, m, Set.of()));
  }

  /** A confirm or revert undone before it destroyed a guest: the move waits to be confirmed or reverted again. */
  private void waitingAgain(ColdMove m) {
    if (!m.guestDestroyed) m.migration = moves.advance(m.migration, Migration.Status.FINISHED);
  }

  /**
   * A confirm or revert that failed: its move failed too, unless it was undone before it destroyed a
   * guest (a host did not answer), which leaves the move waiting to be confirmed or reverted.
   */
  private void failedUnlessUntouched(ColdMove m) {
    if (m.migration.status() != Migration.Status.FINISHED) m.migration = moves.advance(m.migration, Migration.Status.ERROR);
  }

  /** The destination did not work out: its guest gone, the ports pointing home, the guest there again if it was one. */
  private void backToSource(ColdMove m) {
    if (m.spawned) moves.destroyOnDestination(m.instance, m.migration);
    List<PciDevice> held = moves.sourceDevices(m.instance, m.source(), m.migration);
    moves.bindPorts(m.instance, m.source(), held);
    if (m.migration.isSameHost() && m.spawned) {
      // One guest on the host, defined anew from the destination's blueprint: defined back.
      agents.on(m.source()).spawn(GuestBlueprints.of(m.instance, m.instance.guestCells(), ports.of(m.instance), held));
      m.restarted = true;
    }
  }

  private void startOnSource(ColdMove m) {
    if (m.migration.isSameHost()) {
      // One guest on the host: shut off, it is defined anew with the old size and devices.
      if (m.wasRunning) agents.on(m.source()).power(m.instance.id(), PowerAction.STOP);
      agents.on(m.source()).spawn(GuestBlueprints.of(m.instance, m.migration.oldFlavor(), m.migration.sourceCells(),
          ports.of(m.instance), m.sourceDevices));
      if (!m.wasRunning) agents.on(m.source()).power(m.instance.id(), PowerAction.STOP);
    } else if (m.wasRunning) {
      agents.on(m.source()).power(m.instance.id(), PowerAction.START);
    }
  }
}

package org.vdpacompute.controller.compute;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.compute.ClaimingScheduler.Claimed;
import org.vdpacompute.core.Failures;
import org.vdpacompute.core.host.GuestBlueprint;
import org.vdpacompute.core.pci.PciDevice;

/**
 * Cold migration and resize, and their confirm and revert. The destination is claimed before
 * anything moves; the guest is stopped on the source and spawned on the destination with the
 * destination's devices, and the server waits in VERIFY_RESIZE holding claims on both hosts.
 * Confirm destroys the source's guest and frees the source's claims; revert destroys the
 * destination's guest, frees the move's claim, and starts the server where it was. A failure
 * before the server reaches the destination undoes the destination and leaves the server running
 * where it was.
 */
final class ColdMoves {
  private static final Logger LOG = LoggerFactory.getLogger(ColdMoves.class);

  private final ServerContext c;
  private final Moves moves;

  ColdMoves(ServerContext context) {
    this.c = context;
    this.moves = new Moves(context);
  }

  /** Moves the server to a destination, with {@code m.newFlavor()}, and leaves it to be confirmed. */
  void migrate(Instance marked, Migration m, InstanceAction action, Set<String> onlyHosts) {
    Instance i = current(marked);
    if (i == null) return;
    boolean wasRunning = i.vmState() == VmState.ACTIVE;
    Claimed claimed;
    try {
      claimed = c.actions().event(action, "compute_prep_resize", null, () -> moves.claimDestination(i, m,
          m.newFlavor(), moves.ignoredFor(i, true), onlyHosts));
    } catch (RuntimeException e) {
      LOG.warn("{} of instance {}: no destination: {}", m.type().apiName(), i.uuid(), e.getMessage());
      moves.advance(m, m.with(Migration.Status.ERROR, c.now()));
      c.instances().update(i.withTask(null, c.now()));
      return;
    }
    String dest = claimed.host();
    Migration moving = moves.advance(m, m.to(dest, claimed.placement().guestCells(), Migration.Status.MIGRATING, c.now()));
    Instance migrating = i.withTask(TaskState.RESIZE_MIGRATING, c.now());
    if (!c.instances().update(migrating)) {
      moves.undoDestination(i, moving, false);
      moves.advance(moving, moving.with(Migration.Status.ERROR, c.now()));
      return;
    }
    boolean spawned = false;
    try {
      if (wasRunning) {
        c.actions().event(action, "compute_resize_instance", i.host(), () -> c.agents().power(c.agentUrl(i.host()),
            UUID.fromString(i.uuid()), PowerAction.STOP));
      }
      Instance there = migrating.moved(dest, m.newFlavor(), VmState.ACTIVE, TaskState.RESIZE_FINISH,
          claimed.placement().guestCells(), c.now());
      moves.bindPorts(there, dest, claimed.devices());
      GuestBlueprint blueprint = GuestBlueprints.of(there, there.guestCells(), c.portsOf(there), claimed.devices());
      spawned = true;
      c.actions().event(action, "compute_finish_resize", dest, () -> {
        c.agents().spawn(c.agentUrl(dest), blueprint);
        if (!wasRunning) c.agents().power(c.agentUrl(dest), UUID.fromString(i.uuid()), PowerAction.STOP);
      });
      c.inventory().allocate(dest, i.uuid());
    } catch (RuntimeException e) {
      LOG.warn("{} of instance {} to {} failed; it stays on {}: {}", m.type().apiName(), i.uuid(), dest, i.host(), e.getMessage());
      rollBack(migrating, moving, spawned, wasRunning);
      return;
    }
    Instance resized = migrating.moved(dest, m.newFlavor(), VmState.RESIZED, null, claimed.placement().guestCells(), c.now());
    moves.advance(moving, moving.with(Migration.Status.FINISHED, c.now()));
    if (c.instances().update(resized)) {
      c.states().placed(resized);
      c.states().count(m.uuid(), new Footprint(i.host(), m.oldFlavor(), i.guestCells()));
    }
  }

  /** The destination did not work out: the server goes back to running on its source. */
  private void rollBack(Instance migrating, Migration m, boolean spawned, boolean wasRunning) {
    moves.undoDestination(migrating, m, spawned);
    String source = migrating.host();
    List<PciDevice> held = moves.sourceDevices(migrating, source, m);
    try {
      moves.bindPorts(migrating, source, held);
      if (m.isSameHost() && spawned) {
        c.agents().spawn(c.agentUrl(source), GuestBlueprints.of(migrating, migrating.guestCells(), c.portsOf(migrating), held));
      } else if (wasRunning) {
        c.agents().power(c.agentUrl(source), UUID.fromString(migrating.uuid()), PowerAction.START);
      }
    } catch (RuntimeException e) {
      LOG.error("instance {} could not be restored on {}: {}", migrating.uuid(), source, e.getMessage());
    }
    moves.advance(m, m.with(Migration.Status.ERROR, c.now()));
    c.instances().update(migrating.withTask(null, c.now()));
  }

  void confirm(Instance marked, Migration m, InstanceAction action) {
    Instance i = current(marked);
    if (i == null) return;
    Migration confirming = moves.advance(m, m.with(Migration.Status.CONFIRMING, c.now()));
    try {
      if (!m.isSameHost()) {
        c.actions().event(action, "compute_confirm_resize", m.sourceHost(),
            () -> c.agents().destroy(c.agentUrl(m.sourceHost()), UUID.fromString(i.uuid())));
      }
    } catch (RuntimeException e) {
      // The source guest is shut off and the server runs on the destination: freeing the source's
      // devices now would hand them to another guest while the old one may still be defined there.
      LOG.warn("confirming the move of instance {} could not destroy its source guest on {}: {}", i.uuid(), m.sourceHost(),
          e.getMessage());
      moves.advance(confirming, confirming.with(Migration.Status.ERROR, c.now()));
      c.instances().update(i.withTask(null, c.now()));
      return;
    }
    c.inventory().freeExcept(m.sourceHost(), i.uuid(), m.uuid());
    c.states().uncount(m.uuid());
    moves.advance(confirming, confirming.with(Migration.Status.CONFIRMED, c.now()));
    VmState after = moves.isShutOff(i.host(), i.uuid()) ? VmState.STOPPED : VmState.ACTIVE;
    c.instances().update(i.next(i.host(), after, null, null, i.guestCells(), c.now(), i.launchedAt()));
  }

  void revert(Instance marked, Migration m, InstanceAction action) {
    Instance i = current(marked);
    if (i == null) return;
    Migration reverting = moves.advance(m, m.with(Migration.Status.REVERTING, c.now()));
    boolean wasRunning = !moves.isShutOff(m.destHost(), i.uuid());
    Instance back = i.moved(m.sourceHost(), m.oldFlavor(), VmState.ACTIVE, TaskState.RESIZE_REVERTING, m.sourceCells(),
        c.now());
    try {
      c.actions().event(action, "compute_revert_resize", m.destHost(), () -> {
        if (!m.isSameHost()) c.agents().destroy(c.agentUrl(m.destHost()), UUID.fromString(i.uuid()));
      });
      moves.undoDestination(i, reverting, false);
      List<PciDevice> held = moves.sourceDevices(back, m.sourceHost(), m);
      moves.bindPorts(back, m.sourceHost(), held);
      c.actions().event(action, "compute_finish_revert_resize", m.sourceHost(), () -> {
        if (m.isSameHost()) {
          // One guest on the host: shut off, it is defined anew with the old size and devices.
          if (wasRunning) c.agents().power(c.agentUrl(m.sourceHost()), UUID.fromString(i.uuid()), PowerAction.STOP);
          c.agents().spawn(c.agentUrl(m.sourceHost()), GuestBlueprints.of(back, back.guestCells(), c.portsOf(back), held));
          if (!wasRunning) c.agents().power(c.agentUrl(m.sourceHost()), UUID.fromString(i.uuid()), PowerAction.STOP);
        } else if (wasRunning) {
          c.agents().power(c.agentUrl(m.sourceHost()), UUID.fromString(i.uuid()), PowerAction.START);
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("reverting the move of instance {} failed: {}", i.uuid(), e.getMessage());
      moves.advance(reverting, reverting.with(Migration.Status.ERROR, c.now()));
      c.instances().update(i.next(i.host(), VmState.ERROR, null, new Instance.Fault(500,
          "Reverting the move to " + m.destHost() + " failed: " + Failures.describe(e), c.now()), i.guestCells(), c.now(),
          i.launchedAt()));
      return;
    }
    moves.advance(reverting, reverting.with(Migration.Status.REVERTED, c.now()));
    Instance reverted = i.moved(m.sourceHost(), m.oldFlavor(), wasRunning ? VmState.ACTIVE : VmState.STOPPED, null,
        m.sourceCells(), c.now());
    if (c.instances().update(reverted)) c.states().placed(reverted);
  }

  /** The instance as recorded now, if nothing changed it since the API marked it; else null. */
  private Instance current(Instance marked) {
    Instance i = c.instances().instance(marked.uuid()).orElse(null);
    return i == null || i.revision() != marked.revision() ? null : i;
  }
}

package org.vdpacompute.controller.workflows;

import org.vdpacompute.controller.agents.PowerAction;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.VmState;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.placement.ClaimingScheduler.Claimed;
import org.vdpacompute.core.host.GuestBlueprint;

/**
 * Evacuate: rebuilds a server of a host that is down on another host. The destination is claimed
 * and the server spawned there with the destination's devices; the dead source's claims stay as
 * they are (nobody can tell what its guest still holds) until its agent starts again and the
 * reconciliation of that host frees them.
 */
final class Evacuations {
  private static final Logger LOG = LoggerFactory.getLogger(Evacuations.class);

  private final ServerContext c;
  private final Moves moves;

  Evacuations(ServerContext context) {
    this.c = context;
    this.moves = new Moves(context);
  }

  void evacuate(Instance marked, Migration m, InstanceAction action, Set<String> onlyHosts) {
    Instance i = c.instances().instance(marked.uuid()).filter(x -> x.revision() == marked.revision()).orElse(null);
    if (i == null) return;
    Claimed claimed;
    try {
      claimed = c.actions().event(action, "compute_rebuild_instance", null,
          () -> moves.claimDestination(i, m, i.flavor(), Set.of(i.host()), onlyHosts));
    } catch (RuntimeException e) {
      LOG.warn("evacuating instance {}: no destination: {}", i.uuid(), e.getMessage());
      moves.advance(m, m.with(Migration.Status.FAILED, c.now()));
      c.instances().update(i.withTask(null, c.now()));
      return;
    }
    String dest = claimed.host();
    Migration moving = moves.advance(m, m.to(dest, claimed.placement().guestCells(), Migration.Status.MIGRATING, c.now()));
    VmState after = i.vmState() == VmState.STOPPED ? VmState.STOPPED : VmState.ACTIVE;
    Instance there = i.next(dest, after, null, null, claimed.placement().guestCells(), c.now(), i.launchedAt());
    try {
      moves.bindPorts(there, dest, claimed.devices());
      GuestBlueprint blueprint = GuestBlueprints.of(there, there.guestCells(), c.portsOf(there), claimed.devices());
      c.actions().event(action, "compute_rebuild_instance", dest, () -> {
        c.agents().spawn(c.agentUrl(dest), blueprint);
        if (after == VmState.STOPPED) c.agents().power(c.agentUrl(dest), UUID.fromString(i.uuid()), PowerAction.STOP);
      });
      c.inventory().allocate(dest, i.uuid());
    } catch (RuntimeException e) {
      LOG.warn("evacuating instance {} to {} failed: {}", i.uuid(), dest, e.getMessage());
      moves.undoDestination(i, moving, true);
      moves.bindPorts(i, i.host(), moves.sourceDevices(i, i.host(), moving));
      moves.advance(moving, moving.with(Migration.Status.FAILED, c.now()));
      c.instances().update(i.withTask(null, c.now()));
      return;
    }
    moves.advance(moving, moving.with(Migration.Status.DONE, c.now()));
    c.states().uncount(m.uuid());
    if (c.instances().update(there)) c.states().placed(there);
  }
}

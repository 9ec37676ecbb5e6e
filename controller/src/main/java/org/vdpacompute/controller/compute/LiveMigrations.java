package org.vdpacompute.controller.compute;

import java.util.ArrayList;
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
 * Live migration through the SR-IOV hot-plug procedure, as Nova does it for vDPA: claim on the
 * destination and bind the ports to its devices; the source agent detaches the passthrough NICs
 * and migrates the guest; the destination's NICs are attached there; the source is freed. Any
 * failure rolls back: the destination claim is freed, the ports are bound to the source's devices
 * again, and the guest runs on the source with its NICs attached (the source agent puts them back
 * when the migration itself fails; a failed attach on the destination migrates the guest back).
 */
final class LiveMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(LiveMigrations.class);

  private final ServerContext c;
  private final Moves moves;

  LiveMigrations(ServerContext context) {
    this.c = context;
    this.moves = new Moves(context);
  }

  void migrate(Instance marked, Migration m, InstanceAction action, Set<String> onlyHosts) {
    Instance i = c.instances().instance(marked.uuid()).filter(x -> x.revision() == marked.revision()).orElse(null);
    if (i == null) return;
    Claimed claimed;
    try {
      claimed = c.actions().event(action, "compute_check_can_live_migrate_destination", null,
          () -> moves.claimDestination(i, m, i.flavor(), Set.of(i.host()), onlyHosts));
    } catch (RuntimeException e) {
      LOG.warn("live migration of instance {}: no destination: {}", i.uuid(), e.getMessage());
      moves.advance(m, m.with(Migration.Status.ERROR, c.now()));
      c.instances().update(i.withTask(null, c.now()));
      return;
    }
    String source = i.host();
    String dest = claimed.host();
    Migration running = moves.advance(m, m.to(dest, claimed.placement().guestCells(), Migration.Status.RUNNING, c.now()));
    List<PciDevice> sourceDevices = moves.sourceDevices(i, source, running);
    GuestBlueprint from = GuestBlueprints.of(i, i.guestCells(), c.portsOf(i), sourceDevices);
    Instance there = i.next(dest, i.vmState(), null, null, claimed.placement().guestCells(), c.now(), i.launchedAt());
    GuestBlueprint to = GuestBlueprints.of(there, there.guestCells(), c.portsOf(i), claimed.devices());
    try {
      moves.bindPorts(i, dest, claimed.devices());
      c.actions().event(action, "compute_live_migration", source,
          () -> c.agents().liveMigrate(c.agentUrl(source), from, dest, c.agentUrl(dest), to));
    } catch (RuntimeException e) {
      LOG.warn("live migration of instance {} to {} failed; it stays on {}: {}", i.uuid(), dest, source, e.getMessage());
      rollBack(i, running, sourceDevices);
      return;
    }
    List<GuestBlueprint.Nic> attached = new ArrayList<>();
    try {
      c.actions().event(action, "compute_post_live_migration_at_destination", dest, () -> {
        for (GuestBlueprint.Nic nic : to.passthroughNics()) {
          c.agents().attachNic(c.agentUrl(dest), UUID.fromString(i.uuid()), nic);
          attached.add(nic);
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("instance {} reached {} but its NICs could not be attached there; moving it back to {}: {}", i.uuid(), dest,
          source, e.getMessage());
      migrateBack(i, running, to, from, attached, sourceDevices);
      return;
    }
    c.inventory().allocate(dest, i.uuid());
    c.inventory().freeExcept(source, i.uuid(), running.uuid());
    c.states().uncount(running.uuid());
    moves.advance(running, running.with(Migration.Status.COMPLETED, c.now()));
    Instance moved = i.next(dest, i.vmState(), null, null, there.guestCells(), c.now(), i.launchedAt());
    if (c.instances().update(moved)) c.states().placed(moved);
  }

  /** The guest never left the source: the destination is given up and the ports point home again. */
  private void rollBack(Instance i, Migration m, List<PciDevice> sourceDevices) {
    moves.undoDestination(i, m, false);
    moves.bindPorts(i, i.host(), sourceDevices);
    moves.advance(m, m.with(Migration.Status.ERROR, c.now()));
    c.instances().update(i.withTask(null, c.now()));
  }

  /** The guest is on the destination without all its NICs: back to the source, where it had them. */
  private void migrateBack(Instance i, Migration m, GuestBlueprint there, GuestBlueprint home,
      List<GuestBlueprint.Nic> attached, List<PciDevice> sourceDevices) {
    String dest = m.destHost();
    try {
      for (GuestBlueprint.Nic nic : attached) c.agents().detachNic(c.agentUrl(dest), UUID.fromString(i.uuid()), nic);
      c.agents().liveMigrate(c.agentUrl(dest), there.withoutPassthroughNics(), i.host(), c.agentUrl(i.host()), home);
      for (GuestBlueprint.Nic nic : home.passthroughNics()) {
        c.agents().attachNic(c.agentUrl(i.host()), UUID.fromString(i.uuid()), nic);
      }
    } catch (RuntimeException e) {
      LOG.error("instance {} could not be brought back to {}: {}", i.uuid(), i.host(), e.getMessage());
      moves.advance(m, m.with(Migration.Status.ERROR, c.now()));
      c.instances().update(i.next(dest, VmState.ERROR, null, new Instance.Fault(500, "Live migration to " + dest
          + " failed and the server could not be moved back: " + Failures.describe(e), c.now()), m.destCells(), c.now(),
          i.launchedAt()));
      return;
    }
    rollBack(i, m, sourceDevices);
  }
}

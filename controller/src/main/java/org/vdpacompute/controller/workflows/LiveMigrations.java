package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vdpacompute.agent.protocol.GuestBlueprint;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.HostStates;
import org.vdpacompute.core.Failures;
import org.vdpacompute.core.pci.PciDevice;

/**
 * Live migration through the SR-IOV hot-plug procedure, as Nova does it for vDPA: claim on the
 * destination and bind the ports to its devices; the source agent detaches the passthrough NICs
 * and migrates the guest; the destination's NICs are attached there; the source is freed. Any
 * failure rolls back: the destination claim is freed, the ports are bound to the source's devices
 * again, and the guest runs on the source with its NICs attached (the source agent puts them back
 * when the migration itself fails; a failed attach on the destination migrates the guest back).
 * A guest that cannot be moved back leaves the server in ERROR on the destination, where it runs.
 */
final class LiveMigrations {
  private final SagaRunner runner;
  private final Saga<LiveMove> migrate;

  /** One live migration as its steps share it. */
  static final class LiveMove extends MoveState {
    List<PciDevice> sourceDevices;
    GuestBlueprint from;
    GuestBlueprint to;
    final List<GuestBlueprint.Nic> attached = new ArrayList<>();
    /** Whether the guest runs on the destination now. */
    boolean guestOnDestination;

    LiveMove(Instance marked, InstanceAction action, Migration migration, Set<String> onlyHosts) {
      super(marked, action, migration, onlyHosts);
    }

    @Override
    Instance failed(Instance.Fault fault, Instant now) {
      return guestOnDestination ? instance.failedOn(destination(), migration.destCells(), fault, now)
          : super.failed(fault, now);
    }
  }

  LiveMigrations(SagaRunner runner, Moves moves, Agents agents, HostInventory inventory, HostStates states,
      InstancePorts ports, Clock clock) {
    this.runner = runner;
    migrate = Saga.of("live migration", Saga.Ending.REVERT_TASK,
        moves.<LiveMove>claimDestination("compute_check_can_live_migrate_destination", m -> m.instance.flavor(),
            m -> Set.of(m.instance.host())),
        moves.<LiveMove>recordDestination(Migration.Status.RUNNING),
        Step.<LiveMove>of("bind the ports to the destination", m -> {
          m.sourceDevices = moves.sourceDevices(m.instance, m.source(), m.migration);
          List<PortOnNetwork> nics = ports.of(m.instance);
          m.from = GuestBlueprints.of(m.instance, m.instance.guestCells(), nics, m.sourceDevices);
          m.to = GuestBlueprints.of(m.instance, m.claimed.guestCells(), nics, m.claimed.devices());
          moves.bindPorts(m.instance, m.destination(), m.claimed.devices());
        }).event("compute_live_migration", MoveState::source)
            .undoAlsoIfFailed(m -> moves.bindPorts(m.instance, m.source(), m.sourceDevices)),
        // The source's agent puts the guest back, with its nics, when the migration itself fails.
        Step.<LiveMove>of("migrate the guest", m -> {
          agents.on(m.source()).liveMigrate(m.from, m.destination(), m.to);
          m.guestOnDestination = true;
        }).undo(m -> {
          agents.on(m.destination()).liveMigrate(m.to.withoutPassthroughNics(), m.source(), m.from);
          m.guestOnDestination = false;
          for (GuestBlueprint.Nic nic : m.from.passthroughNics()) agents.on(m.source()).attachNic(m.instance.id(), nic);
        }),
        Step.<LiveMove>of("plug the destination's nics", m -> {
          for (GuestBlueprint.Nic nic : m.to.passthroughNics()) {
            agents.on(m.destination()).attachNic(m.instance.id(), nic);
            m.attached.add(nic);
          }
        }).event("compute_post_live_migration_at_destination", MoveState::destination).undoAlsoIfFailed(m -> {
          for (GuestBlueprint.Nic nic : m.attached) agents.on(m.destination()).detachNic(m.instance.id(), nic);
        }),
        Step.<LiveMove>recording("record the server on the destination", m -> {
          moves.allocateDestination(m.instance, m.migration);
          inventory.freeExcept(m.source(), m.instance.uuid(), m.migration.uuid());
          m.migration = moves.advance(m.migration, Migration.Status.COMPLETED);
          m.instance = runner.record(m.instance.arrived(m.destination(), m.instance.flavor(), m.claimed.guestCells(),
              m.instance.vmState(), clock.instant()), "it was live-migrated");
        }).afterCommit(m -> {
          states.uncount(m.migration.uuid());
          states.placed(m.instance);
        }))
        .whenFailed(m -> m.migration = moves.advance(m.migration, Migration.Status.ERROR))
        .fault((m, e) -> m.guestOnDestination ? "Live migration to " + m.destination()
            + " failed and the server could not be moved back: " + Failures.describe(e) : Failures.describe(e));
  }

  void migrate(Instance marked, Migration m, InstanceAction action, Set<String> onlyHosts) {
    runner.run(migrate, new LiveMove(marked, action, m, onlyHosts));
  }
}

package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.util.Set;
import org.vdpacompute.agent.protocol.PowerAction;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.controller.placement.HostStates;

/**
 * Evacuate: rebuilds a server of a host that is down on another host. The destination is claimed
 * and the server spawned there with the destination's devices; the dead source's claims stay as
 * they are (nobody can tell what its guest still holds) until its agent starts again and the
 * reconciliation of that host frees them. A failure undoes the destination and leaves the server
 * in ERROR on its dead host, with the failure as its fault, as Nova does.
 */
final class Evacuations {
  private static final String EVENT = "compute_rebuild_instance";

  private final SagaRunner runner;
  private final Saga<Evacuation> evacuate;

  /** One evacuation as its steps share it. */
  static final class Evacuation extends MoveState {
    /** A stopped server stays stopped where it is rebuilt; any other runs. */
    final VmState after;

    Evacuation(Instance marked, InstanceAction action, Migration migration, Set<String> onlyHosts) {
      super(marked, action, migration, onlyHosts);
      this.after = marked.vmState() == VmState.STOPPED ? VmState.STOPPED : VmState.ACTIVE;
    }
  }

  Evacuations(SagaRunner runner, Moves moves, Agents agents, HostStates states,
      InstancePorts ports, Clock clock) {
    this.runner = runner;
    // As Nova's rebuild_instance for an evacuation: a failure leaves the server in ERROR with its fault.
    evacuate = Saga.of("evacuation", Saga.Ending.ERROR,
        moves.<Evacuation>claimDestination(EVENT, m -> m.instance.flavor(), m -> Set.of(m.instance.host())),
        moves.<Evacuation>recordDestination(Migration.Status.MIGRATING),
        Step.<Evacuation>of("bind the ports to the destination",
            m -> moves.bindPorts(m.instance, m.destination(), m.claimed.devices()))
            .undoAlsoIfFailed(m -> moves.bindPorts(m.instance, m.source(),
                moves.sourceDevices(m.instance, m.source(), m.migration))),
        Step.<Evacuation>of("spawn on the destination", m -> {
          agents.on(m.destination()).spawn(GuestBlueprints.of(m.instance, m.claimed.guestCells(), ports.of(m.instance),
              m.claimed.devices()));
          if (m.after == VmState.STOPPED) agents.on(m.destination()).power(m.instance.id(), PowerAction.STOP);
        }).undoAlsoIfFailed(m -> moves.destroyOnDestination(m.instance, m.migration)),
        Step.<Evacuation>recording("record the server on the destination", m -> {
          moves.allocateDestination(m.instance, m.migration);
          m.migration = moves.advance(m.migration, Migration.Status.DONE);
          m.instance = runner.record(m.instance.arrived(m.destination(), m.instance.flavor(), m.claimed.guestCells(),
              m.after, clock.instant()), "it was evacuated");
        }).afterCommit(m -> {
          states.uncount(m.migration.uuid());
          states.placed(m.instance);
        }))
        .whenFailed(m -> m.migration = moves.advance(m.migration, Migration.Status.FAILED));
  }

  void evacuate(Instance marked, Migration m, InstanceAction action, Set<String> onlyHosts) {
    runner.run(evacuate, new Evacuation(marked, action, m, onlyHosts));
  }
}

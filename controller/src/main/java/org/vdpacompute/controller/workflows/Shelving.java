package org.vdpacompute.controller.workflows;

import java.time.Clock;
import org.vdpacompute.agent.protocol.PowerAction;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.HostStates;

/**
 * Shelve, shelve-offload and unshelve. A shelved server is shut off on its host and keeps its
 * devices; offloading destroys its guest, frees every device it holds there and unbinds its ports
 * (which stay the server's); unshelving an offloaded server places it like a new one, claiming
 * again on whichever host it lands ({@link ServerBuilder#unshelve}).
 */
final class Shelving {
  private final SagaRunner runner;
  private final Agents agents;
  private final HostInventory inventory;
  private final HostStates states;
  private final PortBinder ports;
  private final ComputeSettings settings;
  private final Clock clock;
  private final Saga<SagaState> shelve;
  private final Saga<SagaState> offload;
  private final Saga<SagaState> unshelve;

  Shelving(SagaRunner runner, Agents agents, HostInventory inventory, HostStates states, PortBinder ports,
      ComputeSettings settings, Clock clock) {
    this.runner = runner;
    this.agents = agents;
    this.inventory = inventory;
    this.states = states;
    this.ports = ports;
    this.settings = settings;
    this.clock = clock;
    shelve = Saga.of("shelve", Saga.Ending.REVERT_TASK,
        Step.<SagaState>of("shut the guest off", s -> {
          if (s.instance.vmState() != VmState.STOPPED) agents.on(s.instance.host()).power(s.instance.id(), PowerAction.STOP);
        }).event("compute_shelve_instance", s -> s.instance.host()),
        Step.<SagaState>recording("record the server shelved", s -> s.instance = runner.record(
            s.instance.shelved(this.settings.shelvedOffloadTime() == 0, clock.instant()), "it was shelved")));
    offload = Saga.of("shelve-offload", Saga.Ending.REVERT_TASK,
        Step.<SagaState>of("destroy the guest", s -> agents.on(s.instance.host()).destroy(s.instance.id()))
            .event("compute_shelve_offload_instance", s -> s.instance.host()),
        Step.<SagaState>recording("free the host", s -> {
          inventory.free(s.instance.host(), s.instance.uuid());
          ports.unbind(s.instance);
          s.instance = runner.record(s.instance.offloaded(clock.instant()), "it was offloaded");
        }).afterCommit(s -> states.removed(s.instance.uuid())));
    unshelve = Saga.of("unshelve", Saga.Ending.REVERT_TASK,
        Step.<SagaState>of("start the guest", s -> agents.on(s.instance.host()).power(s.instance.id(), PowerAction.START))
            .event("compute_unshelve_instance", s -> s.instance.host()),
        Step.<SagaState>recording("record the server active",
            s -> s.instance = runner.record(s.instance.finished(VmState.ACTIVE, clock.instant()), "it was unshelved")));
  }

  /**
   * Shuts the guest off and marks the server SHELVED.
   *
   * @return the server as shelved, going on to its offload at once when it is to be offloaded now;
   *     null when the shelve failed
   */
  Instance shelve(Instance marked, InstanceAction action) {
    SagaState state = new SagaState(marked, action);
    return runner.run(shelve, state) ? state.instance : null;
  }

  /** Takes a shelved server off its host: guest destroyed, devices freed, ports unbound. */
  void offload(Instance marked, InstanceAction action) {
    runner.run(offload, new SagaState(marked, action));
  }

  /** Starts a shelved server where it is. */
  void unshelve(Instance marked, InstanceAction action) {
    runner.run(unshelve, new SagaState(marked, action));
  }
}

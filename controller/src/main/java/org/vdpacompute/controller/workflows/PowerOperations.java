package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.util.function.Consumer;
import org.vdpacompute.agent.protocol.PowerAction;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.controller.placement.HostInventory;

/**
 * Stop, start, reboot, suspend and resume on the server's own host, each two steps: the host's
 * agent does it, then the server's new state is recorded with the step's event. Suspend detaches
 * the guest's vDPA and SR-IOV interfaces and resume attaches them again; the devices stay claimed
 * throughout, so a resumed server gets the very devices it had. A host that fails leaves the server
 * in the state it was in, with the failure in its action's events.
 *
 * <p>A HARD reboot is the operator's repair, as Nova's libvirt driver's: whatever the guest is (gone,
 * broken, missing an interface), it is undefined and defined again from the server's record, with
 * the devices the server holds on its host and its ports bound to them; what it still holds on other
 * hosts is released. A failure leaves the server in ERROR, since its guest is gone.
 */
final class PowerOperations {
  private final SagaRunner runner;
  private final Agents agents;
  private final HostInventory inventory;
  private final InstancePorts ports;
  private final Clock clock;
  private final Saga<SagaState> stop;
  private final Saga<SagaState> start;
  private final Saga<SagaState> reboot;
  private final Saga<SagaState> suspend;
  private final Saga<SagaState> resume;
  private final Saga<SagaState> hardReboot;

  PowerOperations(SagaRunner runner, Agents agents, HostInventory inventory, InstancePorts ports, RecordedGuest guest,
      StaleHoldings stale, Clock clock) {
    this.runner = runner;
    this.agents = agents;
    this.inventory = inventory;
    this.ports = ports;
    this.clock = clock;
    stop = power("stop", "compute_stop_instance", VmState.STOPPED, s -> power(s.instance, PowerAction.STOP));
    start = power("start", "compute_start_instance", VmState.ACTIVE, s -> power(s.instance, PowerAction.START));
    reboot = power("reboot", "compute_reboot_instance", VmState.ACTIVE, s -> power(s.instance, PowerAction.REBOOT));
    suspend = power("suspend", "compute_suspend_instance", VmState.SUSPENDED,
        s -> agents.on(s.instance.host()).suspend(blueprint(s.instance)));
    resume = power("resume", "compute_resume_instance", VmState.ACTIVE,
        s -> agents.on(s.instance.host()).resume(blueprint(s.instance)));
    hardReboot = Saga.of("hard reboot", Saga.Ending.ERROR,
        Step.<SagaState>of("release what it holds elsewhere", s -> stale.release(s.instance, s.instance.host()))
            .event("compute_reboot_instance", s -> s.instance.host()),
        Step.<SagaState>of("undefine the guest", s -> guest.undefine(s.instance)),
        Step.<SagaState>of("define the guest from the server's record", s -> guest.define(s.instance)),
        Step.<SagaState>recording("record the server active", s -> {
          inventory.allocate(s.instance.host(), s.instance.uuid());
          s.instance = runner.record(s.instance.finished(VmState.ACTIVE, clock.instant()), "hard reboot");
        }));
  }

  private Saga<SagaState> power(String name, String event, VmState after, Consumer<SagaState> onHost) {
    return Saga.of(name, Saga.Ending.REVERT_TASK,
        Step.<SagaState>of("ask the host", onHost).event(event, s -> s.instance.host()),
        Step.<SagaState>recording("record the server " + after.apiName(),
            s -> s.instance = runner.record(s.instance.finished(after, clock.instant()), name)));
  }

  void stop(Instance marked, InstanceAction action) {
    runner.run(stop, new SagaState(marked, action));
  }

  void start(Instance marked, InstanceAction action) {
    runner.run(start, new SagaState(marked, action));
  }

  void reboot(Instance marked, InstanceAction action) {
    runner.run(reboot, new SagaState(marked, action));
  }

  void suspend(Instance marked, InstanceAction action) {
    runner.run(suspend, new SagaState(marked, action));
  }

  void resume(Instance marked, InstanceAction action) {
    runner.run(resume, new SagaState(marked, action));
  }

  void hardReboot(Instance marked, InstanceAction action) {
    runner.run(hardReboot, new SagaState(marked, action));
  }

  private void power(Instance i, PowerAction action) {
    agents.on(i.host()).power(i.id(), action);
  }

  /** The guest as it runs on its host, with the devices it holds there. */
  private org.vdpacompute.agent.protocol.GuestBlueprint blueprint(Instance i) {
    return GuestBlueprints.of(i, i.guestCells(), ports.of(i), inventory.heldBy(i.host(), i.uuid()));
  }
}

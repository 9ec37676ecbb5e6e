package org.vdpacompute.controller.workflows;

import org.vdpacompute.controller.agents.PowerAction;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.VmState;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stop, start, reboot, suspend and resume on the server's own host. Suspend detaches the guest's
 * vDPA and SR-IOV interfaces and resume attaches them again; the devices stay claimed throughout,
 * so a resumed server gets the very devices it had. A host that fails leaves the server in the
 * state it was in, with the failure in its action's events.
 */
final class PowerOperations {
  private static final Logger LOG = LoggerFactory.getLogger(PowerOperations.class);

  private final ServerContext c;

  PowerOperations(ServerContext context) {
    this.c = context;
  }

  void stop(Instance i, InstanceAction action) {
    run(i, action, "compute_stop_instance", VmState.STOPPED,
        () -> c.agents().power(c.agentUrl(i.host()), UUID.fromString(i.uuid()), PowerAction.STOP));
  }

  void start(Instance i, InstanceAction action) {
    run(i, action, "compute_start_instance", VmState.ACTIVE,
        () -> c.agents().power(c.agentUrl(i.host()), UUID.fromString(i.uuid()), PowerAction.START));
  }

  void reboot(Instance i, InstanceAction action) {
    run(i, action, "compute_reboot_instance", VmState.ACTIVE,
        () -> c.agents().power(c.agentUrl(i.host()), UUID.fromString(i.uuid()), PowerAction.REBOOT));
  }

  void suspend(Instance i, InstanceAction action) {
    run(i, action, "compute_suspend_instance", VmState.SUSPENDED,
        () -> c.agents().suspend(c.agentUrl(i.host()), c.blueprint(i, i.host(), null)));
  }

  void resume(Instance i, InstanceAction action) {
    run(i, action, "compute_resume_instance", VmState.ACTIVE,
        () -> c.agents().resume(c.agentUrl(i.host()), c.blueprint(i, i.host(), null)));
  }

  private void run(Instance marked, InstanceAction action, String event, VmState after, Runnable step) {
    Instance i = c.instances().instance(marked.uuid()).orElse(null);
    if (i == null || i.revision() != marked.revision()) return;
    try {
      c.actions().event(action, event, i.host(), step);
      c.instances().update(i.next(i.host(), after, null, i.fault(), i.guestCells(), c.now(), i.launchedAt()));
    } catch (RuntimeException e) {
      LOG.warn("{} of instance {} failed on host {}: {}", action.action(), i.uuid(), i.host(), e.getMessage());
      c.instances().update(i.withTask(null, c.now()));
    }
  }
}

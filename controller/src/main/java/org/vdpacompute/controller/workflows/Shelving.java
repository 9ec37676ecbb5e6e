package org.vdpacompute.controller.workflows;

import org.vdpacompute.controller.agents.PowerAction;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.model.VmState;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shelve, shelve-offload and unshelve. A shelved server is shut off on its host and keeps its
 * devices; offloading destroys its guest, frees every device it holds there and unbinds its ports
 * (which stay the server's); unshelving an offloaded server places it like a new one, claiming
 * again on whichever host it lands.
 */
final class Shelving {
  private static final Logger LOG = LoggerFactory.getLogger(Shelving.class);

  private final ServerContext c;
  private final ServerBuilder builder;

  Shelving(ServerContext context, ServerBuilder builder) {
    this.c = context;
    this.builder = builder;
  }

  /** Shuts the guest off and marks the server SHELVED; true when it is to be offloaded at once. */
  boolean shelve(Instance marked, InstanceAction action) {
    Instance i = c.instances().instance(marked.uuid()).filter(x -> x.revision() == marked.revision()).orElse(null);
    if (i == null) return false;
    try {
      c.actions().event(action, "compute_shelve_instance", i.host(), () -> {
        if (i.vmState() != VmState.STOPPED) {
          c.agents().power(c.agentUrl(i.host()), UUID.fromString(i.uuid()), PowerAction.STOP);
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("shelving instance {} failed: {}", i.uuid(), e.getMessage());
      c.instances().update(i.withTask(null, c.now()));
      return false;
    }
    boolean offloadNow = c.settings().shelvedOffloadTime() == 0;
    return c.instances().update(i.next(i.host(), VmState.SHELVED, offloadNow ? TaskState.SHELVING_OFFLOADING : null,
        null, i.guestCells(), c.now(), i.launchedAt())) && offloadNow;
  }

  /** Takes a shelved server off its host: guest destroyed, devices freed, ports unbound. */
  void offload(String uuid, InstanceAction action) {
    Instance i = c.instances().instance(uuid)
        .filter(x -> x.vmState() == VmState.SHELVED && x.taskState() == TaskState.SHELVING_OFFLOADING).orElse(null);
    if (i == null) return;
    try {
      c.actions().event(action, "compute_shelve_offload_instance", i.host(),
          () -> c.agents().destroy(c.agentUrl(i.host()), UUID.fromString(i.uuid())));
    } catch (RuntimeException e) {
      LOG.warn("offloading instance {} from {} failed; it stays shelved there: {}", uuid, i.host(), e.getMessage());
      c.instances().update(i.withTask(null, c.now()));
      return;
    }
    c.inventory().free(i.host(), uuid);
    c.states().removed(uuid);
    c.ports().unbind(i);
    c.instances().update(i.next(null, VmState.SHELVED_OFFLOADED, null, null, List.of(), c.now(), i.launchedAt()));
  }

  /** Starts a shelved server where it is, or places an offloaded one anew. */
  void unshelve(String uuid, InstanceAction action) {
    Instance i = c.instances().instance(uuid).filter(x -> x.taskState() == TaskState.UNSHELVING).orElse(null);
    if (i == null) return;
    if (i.vmState() == VmState.SHELVED_OFFLOADED) {
      builder.unshelve(uuid, action);
      return;
    }
    try {
      c.actions().event(action, "compute_unshelve_instance", i.host(),
          () -> c.agents().power(c.agentUrl(i.host()), UUID.fromString(uuid), PowerAction.START));
      c.instances().update(i.next(i.host(), VmState.ACTIVE, null, null, i.guestCells(), c.now(), i.launchedAt()));
    } catch (RuntimeException e) {
      LOG.warn("unshelving instance {} on {} failed: {}", uuid, i.host(), e.getMessage());
      c.instances().update(i.withTask(null, c.now()));
    }
  }
}

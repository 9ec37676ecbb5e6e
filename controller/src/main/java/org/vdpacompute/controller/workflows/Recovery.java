package org.vdpacompute.controller.workflows;

import org.vdpacompute.controller.agents.AgentClient;
import org.vdpacompute.controller.agents.PowerAction;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.model.VmState;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a controller does when it starts, for work a stopped controller left half done. Deletes are
 * carried out; builds fail cleanly; a move in flight is rolled back to its source (a confirm is
 * finished); any other task is dropped and the server's state read back from its host. Then every
 * host is reconciled, which frees what a stopped step had claimed but not recorded.
 */
public final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final ServerContext c;
  private final Moves moves;

  public Recovery(ServerContext context) {
    this.c = context;
    this.moves = new Moves(context);
  }

  /**
   * @param deleteLater queues the delete of a server marked DELETING
   */
  public void recover(java.util.function.Consumer<String> deleteLater) {
    Set<String> moved = new HashSet<>();
    for (Migration m : c.migrations().unsettled()) {
      if (m.status() == Migration.Status.FINISHED) continue;
      moved.add(m.instanceUuid());
      settle(m);
    }
    for (Instance i : c.instances().instances(null)) {
      if (i.taskState() == TaskState.DELETING) {
        LOG.info("finishing the delete of instance {} that a stopped controller began", i.uuid());
        deleteLater.accept(i.uuid());
      } else if (i.vmState() == VmState.BUILDING) {
        LOG.info("failing the build of instance {} that a stopped controller began", i.uuid());
        if (i.host() != null) c.inventory().free(i.host(), i.uuid());
        c.states().removed(i.uuid());
        c.ports().unbind(i);
        c.instances().update(i.next(null, VmState.ERROR, null, new Instance.Fault(500,
            "The controller stopped while the server was being built; delete it and boot again.", c.now()), List.of(),
            c.now(), null));
      } else if (i.taskState() != null && !moved.contains(i.uuid())) {
        resync(i);
      }
    }
  }

  /** A move the stop cut short: back to the source, or on to the end of a confirm. */
  private void settle(Migration m) {
    Instance i = c.instances().instance(m.instanceUuid()).orElse(null);
    if (i == null) {
      if (m.destHost() != null) c.inventory().freeClaim(m.destHost(), m.uuid());
      c.migrations().update(m.with(Migration.Status.ERROR, c.now()));
      return;
    }
    if (m.status() == Migration.Status.CONFIRMING) {
      LOG.info("finishing the confirm of the move of instance {}", i.uuid());
      try {
        c.agents().destroy(c.agentUrl(m.sourceHost()), UUID.fromString(i.uuid()));
      } catch (RuntimeException e) {
        LOG.warn("the source guest of instance {} on {} could not be destroyed: {}", i.uuid(), m.sourceHost(), e.getMessage());
      }
      c.inventory().freeExcept(m.sourceHost(), i.uuid(), m.uuid());
      c.migrations().update(m.with(Migration.Status.CONFIRMED, c.now()));
      c.instances().update(i.next(i.host(), VmState.ACTIVE, null, null, i.guestCells(), c.now(), i.launchedAt()));
      return;
    }
    LOG.info("rolling back the {} of instance {} that a stopped controller began", m.type().apiName(), i.uuid());
    String source = m.sourceHost();
    boolean guestHome;
    try {
      guestHome = c.agents().guests(c.agentUrl(source)).stream().anyMatch(g -> g.uuid().equals(i.uuid()));
    } catch (RuntimeException unreachable) {
      // A source that cannot answer still has the guest as far as anyone knows: roll back to it.
      guestHome = true;
    }
    if (!guestHome) {
      // The guest left its source (a live migration got that far): it runs on the destination,
      // whose claim is the one it uses; the server stays there, in ERROR for the operator to look at.
      c.inventory().freeExcept(m.destHost(), i.uuid(), m.uuid());
      c.inventory().free(source, i.uuid());
      c.migrations().update(m.with(Migration.Status.ERROR, c.now()));
      c.instances().update(i.next(m.destHost(), VmState.ERROR, null, new Instance.Fault(500, "The controller stopped "
          + "during the move; the server is on " + m.destHost() + " and may lack its passthrough interfaces.", c.now()),
          m.destCells(), c.now(), i.launchedAt()));
      return;
    }
    moves.undoDestination(i, m, true);
    Instance home = i.moved(source, m.oldFlavor(), i.vmState() == VmState.RESIZED ? VmState.ACTIVE : i.vmState(), null,
        m.sourceCells(), c.now());
    moves.bindPorts(home, source, moves.sourceDevices(home, source, m));
    try {
      if (home.vmState() == VmState.ACTIVE && moves.isShutOff(source, home.uuid())) {
        c.agents().power(c.agentUrl(source), UUID.fromString(i.uuid()), PowerAction.START);
      }
    } catch (RuntimeException e) {
      LOG.warn("instance {} could not be started again on {}: {}", i.uuid(), source, e.getMessage());
    }
    c.migrations().update(m.with(Migration.Status.ERROR, c.now()));
    if (c.instances().update(home)) c.states().placed(home);
  }

  /** A task the stop cut short is dropped; the server's state is what its host says. */
  private void resync(Instance i) {
    VmState vm = i.vmState();
    if (i.host() != null) {
      try {
        String state = c.agents().guests(c.agentUrl(i.host())).stream().filter(g -> g.uuid().equals(i.uuid()))
            .map(AgentClient.GuestSummary::state).findFirst().orElse("");
        switch (state) {
          case "running" -> vm = i.vmState() == VmState.SHELVED ? VmState.SHELVED : VmState.ACTIVE;
          case "shutoff" -> vm = i.vmState() == VmState.SHELVED ? VmState.SHELVED : VmState.STOPPED;
          case "paused" -> vm = VmState.SUSPENDED;
          default -> { }
        }
      } catch (RuntimeException e) {
        LOG.warn("host {} of instance {} cannot say how its guest is: {}", i.host(), i.uuid(), e.getMessage());
      }
    }
    LOG.info("dropping task {} of instance {} that a stopped controller began", i.taskState().apiName(), i.uuid());
    c.instances().update(i.next(i.host(), vm, null, i.fault(), i.guestCells(), c.now(), i.launchedAt()));
  }
}

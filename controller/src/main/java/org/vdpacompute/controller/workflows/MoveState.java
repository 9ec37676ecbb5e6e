package org.vdpacompute.controller.workflows;

import java.util.Set;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.placement.ClaimingScheduler.Claimed;

/** What the steps of a move share besides the server: its migration record and the destination it claimed. */
class MoveState extends SagaState {
  final Set<String> onlyHosts;
  Migration migration;
  Claimed claimed;

  /** @param onlyHosts the destination the operator named, or none */
  MoveState(Instance marked, InstanceAction action, Migration migration, Set<String> onlyHosts) {
    super(marked, action);
    this.migration = migration;
    this.onlyHosts = Set.copyOf(onlyHosts);
  }

  String source() {
    return migration.sourceHost();
  }

  String destination() {
    return migration.destHost();
  }

  @Override
  Runnable checkpoint() {
    Runnable server = super.checkpoint();
    Migration before = migration;
    return () -> {
      server.run();
      migration = before;
    };
  }
}

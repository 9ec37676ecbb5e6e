package org.vdpacompute.store.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/** The writes of a unit commit together, or not at all. */
class JdbcUnitOfWorkTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123456Z");
  private static final Flavor SMALL = new Flavor("small", "m1.small", 1, 512, 1, 0, 0, 1.0, true, null, Map.of());

  private static Instance building(String uuid) {
    return new Instance(uuid, "vm-" + uuid, "demo", "user-1", SMALL, "image-1", List.of(), List.of(), null,
        VmState.BUILDING, TaskState.SCHEDULING, null, List.of(), T0, T0, null, 1);
  }

  private static InstanceAction create(String uuid) {
    return new InstanceAction(0, uuid, "create", "req-" + uuid, "demo", "user-1", T0, T0, null, List.of());
  }

  @EachDatabase
  void theWritesOfAUnitAreAllThere(TestDatabase db) {
    Database database = db.open();
    JdbcInstanceStore instances = new JdbcInstanceStore(database);
    JdbcInstanceActionStore actions = new JdbcInstanceActionStore(database);

    new JdbcUnitOfWork(database).run(() -> {
      instances.insert(building("i-1"));
      return actions.insert(create("i-1"));
    });

    assertThat(instances.instance("i-1")).contains(building("i-1"));
    assertThat(actions.ofInstance("i-1")).extracting(InstanceAction::action).containsExactly("create");
  }

  @EachDatabase
  void aUnitThatFailsLeavesNothingOfItsEarlierWrites(TestDatabase db) {
    Database database = db.open();
    JdbcInstanceStore instances = new JdbcInstanceStore(database);
    JdbcInstanceActionStore actions = new JdbcInstanceActionStore(database);
    instances.insert(building("i-1"));

    assertThatThrownBy(() -> new JdbcUnitOfWork(database).run(() -> {
      actions.insert(create("i-1"));
      instances.insert(building("i-1"));
      return null;
    })).isInstanceOf(ConflictException.class);

    assertThat(actions.ofInstance("i-1")).isEmpty();
  }
}

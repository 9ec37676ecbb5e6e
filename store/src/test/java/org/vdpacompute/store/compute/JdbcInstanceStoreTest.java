package org.vdpacompute.store.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

class JdbcInstanceStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123456Z");
  private static final Flavor VDPA = new Flavor("vdpa", "m1.vdpa", 2, 2048, 10, 0, 0, 1.0, true, null,
      Map.of("hw:numa_nodes", "1"));

  private static Instance building(String uuid, String project) {
    return new Instance(uuid, "vm-" + uuid, project, "user-1", VDPA, "image-1", List.of("port-a", "port-b"), List.of("port-b"), null,
        VmState.BUILDING, TaskState.SCHEDULING, null, List.of(), T0, T0, null, 1);
  }

  @EachDatabase
  void anInstanceRoundTripsThroughItsLife(TestDatabase db) {
    JdbcInstanceStore store = new JdbcInstanceStore(db.open());
    Instance built = building("i-1", "demo");
    store.insert(built);
    assertThat(store.instance("i-1")).contains(built);

    Instance spawning = built.placed("compute-0", List.of(1), T0.plusSeconds(4));
    assertThat(store.update(spawning)).isTrue();
    Instance active = spawning.launched(T0.plusSeconds(5));
    assertThat(store.update(active)).isTrue();
    assertThat(store.instance("i-1")).contains(active);
    assertThat(store.onHost("compute-0")).containsExactly(active);

    Instance deleting = active.begin(TaskState.DELETING, T0.plusSeconds(8));
    assertThat(store.update(deleting)).isTrue();
    String details = "compute-0: PciPassthroughFilter: physnet4: 0 of 4 vdpa devices free\n".repeat(200);
    Instance failed = deleting.failedOn(null, List.of(), new Instance.Fault(500, "No valid host was found.", details, T0),
        T0.plusSeconds(9));
    assertThat(store.update(failed)).isTrue();
    assertThat(store.instance("i-1")).contains(failed);
    assertThat(store.instance("i-1").orElseThrow().fault().message()).isEqualTo("No valid host was found.");
    assertThat(store.instance("i-1").orElseThrow().fault().details()).as("details longer than a message").isEqualTo(details);
    assertThat(store.instance("i-1").orElseThrow().status()).isEqualTo("ERROR");
  }

  @EachDatabase
  void aStaleUpdateChangesNothing(TestDatabase db) {
    JdbcInstanceStore store = new JdbcInstanceStore(db.open());
    Instance built = building("i-1", "demo");
    store.insert(built);
    Instance first = built.placed("compute-0", List.of(), T0);
    Instance second = built.placed("compute-1", List.of(), T0);
    assertThat(store.update(first)).isTrue();
    assertThat(store.update(second)).isFalse();
    assertThat(store.instance("i-1").orElseThrow().host()).isEqualTo("compute-0");
    assertThatThrownBy(() -> store.insert(built)).isInstanceOf(ConflictException.class);
  }

  @EachDatabase
  void listsAreByProjectAndLeaveDeletedOut(TestDatabase db) {
    JdbcInstanceStore store = new JdbcInstanceStore(db.open());
    store.insert(building("i-1", "demo"));
    store.insert(building("i-2", "other"));
    Instance gone = building("i-3", "demo");
    store.insert(gone);
    Instance deleting = gone.begin(TaskState.DELETING, T0);
    store.update(deleting);
    store.update(deleting.deleted(T0));
    assertThat(store.instances("demo")).extracting(Instance::uuid).containsExactly("i-1");
    assertThat(store.instances(null)).extracting(Instance::uuid).containsExactlyInAnyOrder("i-1", "i-2");
    assertThat(store.instance("i-3")).isEmpty();
  }

  /** A rename is the user's, not a task's: a task's write from a copy read before it keeps the new name. */
  @EachDatabase
  void aRenameOutlivesATasksWriteFromACopyReadBeforeIt(TestDatabase db) {
    JdbcInstanceStore store = new JdbcInstanceStore(db.open());
    Instance built = building("i-1", "demo");
    store.insert(built);
    assertThat(store.rename("i-1", "renamed", T0.plusSeconds(1))).isTrue();
    assertThat(store.update(built.placed("compute-0", List.of(), T0.plusSeconds(2)))).as("no new revision").isTrue();
    assertThat(store.instance("i-1").orElseThrow().name()).isEqualTo("renamed");
    assertThat(store.instance("i-1").orElseThrow().host()).isEqualTo("compute-0");
    assertThat(store.rename("i-2", "nobody", T0)).isFalse();
  }
}

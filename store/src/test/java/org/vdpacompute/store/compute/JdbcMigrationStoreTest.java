package org.vdpacompute.store.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

class JdbcMigrationStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123456Z");
  private static final Flavor SMALL = new Flavor("vdpa", "m1.vdpa", 2, 2048, 10, 0, 0, 1.0, true, null, Map.of());
  private static final Flavor LARGE = new Flavor("big", "m1.big", 4, 4096, 10, 0, 0, 1.0, true, null, Map.of());

  private static Migration resize(String uuid) {
    return new Migration(0, uuid, "i-1", Migration.Type.RESIZE, Migration.Status.PRE_MIGRATING, "compute-0", null, SMALL,
        LARGE, List.of(1), List.of(), "demo", "user-1", T0, T0, 1);
  }

  @EachDatabase
  void aMigrationIsNumberedAndGoesThroughItsStatuses(TestDatabase db) {
    JdbcMigrationStore store = new JdbcMigrationStore(db.open());
    Migration first = store.insert(resize("m-1"));
    Migration second = store.insert(resize("m-2"));
    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(store.migration("m-1")).contains(first);
    Migration placed = first.to("compute-1", List.of(0), Migration.Status.MIGRATING, T0.plusSeconds(1));
    assertThat(store.update(placed)).isTrue();
    assertThat(store.update(placed)).as("a stale writer loses").isFalse();
    assertThat(store.migration("m-1").orElseThrow().destHost()).isEqualTo("compute-1");
    assertThat(store.unsettled()).extracting(Migration::uuid).containsExactly("m-1", "m-2");
    assertThat(store.update(placed.with(Migration.Status.CONFIRMED, T0.plusSeconds(2)))).isTrue();
    assertThat(store.unsettled()).extracting(Migration::uuid).containsExactly("m-2");
    assertThat(store.ofInstance("i-1")).extracting(Migration::uuid).containsExactly("m-2", "m-1");
    assertThat(store.all().get(1).newFlavor()).isEqualTo(LARGE);
  }

  @EachDatabase
  void anActionKeepsItsEventsAndAFailedOneMarksItError(TestDatabase db) {
    JdbcInstanceActionStore store = new JdbcInstanceActionStore(db.open());
    InstanceAction resize = store.insert(new InstanceAction(0, "i-1", "resize", "req-1", "demo", "user-1", T0, T0, null,
        List.of()));
    store.insert(new InstanceAction(0, "i-1", "create", "req-0", "demo", "user-1", T0.minusSeconds(60), T0, null, List.of()));
    store.addEvent(resize.id(), new InstanceAction.Event("compute_prep_resize", "compute-1", T0, T0.plusSeconds(1),
        "Success", null));
    store.addEvent(resize.id(), new InstanceAction.Event("compute_resize_instance", "compute-0", T0.plusSeconds(1),
        T0.plusSeconds(2), "Error", "the destination failed to spawn"));
    List<InstanceAction> actions = store.ofInstance("i-1");
    assertThat(actions).extracting(InstanceAction::action).containsExactly("resize", "create");
    assertThat(actions.get(0).message()).isEqualTo("Error");
    assertThat(actions.get(0).events()).extracting(InstanceAction.Event::result).containsExactly("Success", "Error");
    assertThat(actions.get(1).events()).isEmpty();
    assertThat(store.byRequest("i-1", "req-1").orElseThrow().events()).hasSize(2);
  }
}

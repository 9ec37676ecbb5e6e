package org.vdpacompute.store.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.vdpacompute.controller.placement.PeerChanges;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/**
 * Controllers on one database tell each other of their changes to hosts' devices and services: a
 * change counts once its transaction committed, and another controller's watch refreshes on it.
 */
class JdbcPeerChangeStoreTest {
  @EachDatabase
  void countsArePublishedReadAndForgotten(TestDatabase db) {
    JdbcPeerChangeStore store = new JdbcPeerChangeStore(db.open());
    store.publish("a", 0);
    store.publish("b", 3);
    store.publish("a", 7);
    assertThat(store.counts()).isEqualTo(Map.of("a", 7L, "b", 3L));
    store.forget("a");
    assertThat(store.counts()).isEqualTo(Map.of("b", 3L));
  }

  @EachDatabase
  void onlyCommittedTransactionsThatChangedSharedStateAreCounted(TestDatabase db) {
    Database database = db.open();
    database.useTransaction(h -> database.noteSharedChange());
    database.useTransaction(h -> h.execute("SELECT 1"));
    assertThatThrownBy(() -> database.useTransaction(h -> {
      database.noteSharedChange();
      throw new IllegalStateException("rolled back");
    })).hasMessage("rolled back");
    // Work within work notes its change on the outer transaction, counted once.
    database.useTransaction(h -> {
      database.noteSharedChange();
      database.useTransaction(inner -> database.noteSharedChange());
    });
    assertThat(database.sharedChanges()).isEqualTo(2);
    assertThatThrownBy(database::noteSharedChange).isInstanceOf(IllegalStateException.class);
  }

  @EachDatabase
  void aDeviceChangeOfOneControllerRefreshesTheOtherAndItsOwnDoNot(TestDatabase db) {
    Database first = db.open();
    Database second = db.open();
    PeerChanges one = new PeerChanges(new JdbcPeerChangeStore(first), "one", first::sharedChanges);
    PeerChanges two = new PeerChanges(new JdbcPeerChangeStore(second), "two", second::sharedChanges);
    PeerChanges.Watch watchedByTwo = two.watch();
    PeerChanges.Watch watchedByOne = one.watch();
    AtomicInteger refreshesOfTwo = new AtomicInteger();
    AtomicInteger refreshesOfOne = new AtomicInteger();
    one.publish();
    two.publish();
    watchedByTwo.ifOthersChanged(refreshesOfTwo::incrementAndGet);
    watchedByOne.ifOthersChanged(refreshesOfOne::incrementAndGet);

    assertThat(new JdbcPciDeviceStore(first).save("compute-0", 0, List.of())).isTrue();
    one.publish();
    two.publish();
    watchedByTwo.ifOthersChanged(refreshesOfTwo::incrementAndGet);
    watchedByOne.ifOthersChanged(refreshesOfOne::incrementAndGet);

    assertThat(first.sharedChanges()).isEqualTo(1);
    assertThat(refreshesOfTwo).hasValue(2);
    assertThat(refreshesOfOne).as("only the first sight of the other").hasValue(1);
  }
}

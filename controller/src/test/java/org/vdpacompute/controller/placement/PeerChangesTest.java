package org.vdpacompute.controller.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeerChangesTest {
  /** The table every controller publishes to, as a map. */
  private static final class Counts implements PeerChangeStore {
    final Map<String, Long> counts = new HashMap<>();
    int publishes;

    @Override
    public void publish(String controllerId, long changes) {
      publishes++;
      counts.put(controllerId, changes);
    }

    @Override
    public Map<String, Long> counts() {
      return Map.copyOf(counts);
    }

    @Override
    public void forget(String controllerId) {
      counts.remove(controllerId);
    }
  }

  private final Counts store = new Counts();
  private final AtomicLong committedHere = new AtomicLong();
  private final AtomicLong committedThere = new AtomicLong();
  private final PeerChanges here = new PeerChanges(store, "here", committedHere::get);
  private final PeerChanges there = new PeerChanges(store, "there", committedThere::get);
  private final AtomicInteger refreshes = new AtomicInteger();

  @Test
  void aControllerAloneNeverRefreshesHoweverMuchItChanges() {
    PeerChanges.Watch watch = here.watch();
    for (int i = 0; i < 5; i++) {
      committedHere.incrementAndGet();
      here.publish();
      watch.ifOthersChanged(refreshes::incrementAndGet);
    }
    assertThat(refreshes).hasValue(0);
    assertThat(store.counts).containsEntry("here", 5L);
  }

  @Test
  void anotherControllersPublishedChangeRefreshesEachWatchOnce() {
    PeerChanges.Watch devices = here.watch();
    PeerChanges.Watch services = here.watch();
    there.publish();
    devices.ifOthersChanged(refreshes::incrementAndGet);
    devices.ifOthersChanged(refreshes::incrementAndGet);
    assertThat(refreshes).as("another controller appearing is a change").hasValue(1);

    committedThere.incrementAndGet();
    devices.ifOthersChanged(refreshes::incrementAndGet);
    assertThat(refreshes).as("committed but not yet published").hasValue(1);
    there.publish();
    devices.ifOthersChanged(refreshes::incrementAndGet);
    devices.ifOthersChanged(refreshes::incrementAndGet);
    assertThat(refreshes).hasValue(2);

    services.ifOthersChanged(refreshes::incrementAndGet);
    assertThat(refreshes).as("a watch of its own sees what the other watch already refreshed on").hasValue(3);
  }

  @Test
  void aControllerThatLeavesIsAChangeToThoseThatStay() {
    PeerChanges.Watch watch = here.watch();
    there.publish();
    watch.ifOthersChanged(refreshes::incrementAndGet);
    there.leave();
    watch.ifOthersChanged(refreshes::incrementAndGet);
    assertThat(refreshes).hasValue(2);
    assertThat(store.counts).doesNotContainKey("there");
  }

  @Test
  void aRefreshThatFailedRunsAgainNextTime() {
    PeerChanges.Watch watch = here.watch();
    there.publish();
    assertThatThrownBy(() -> watch.ifOthersChanged(() -> {
      throw new IllegalStateException("database unavailable");
    })).hasMessage("database unavailable");
    watch.ifOthersChanged(refreshes::incrementAndGet);
    assertThat(refreshes).hasValue(1);
  }

  @Test
  void aCountIsWrittenOnlyWhenItMoved() {
    here.publish();
    here.publish();
    committedHere.incrementAndGet();
    here.publish();
    here.publish();
    assertThat(store.publishes).isEqualTo(2);
  }
}

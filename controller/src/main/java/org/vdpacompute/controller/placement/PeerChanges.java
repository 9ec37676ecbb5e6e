package org.vdpacompute.controller.placement;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Whether other controllers on this database changed what this one keeps in memory (hosts'
 * devices, compute services), so that it reads every host again only when one did, instead of
 * every time: alone on its database, a controller of 100,000 hosts would otherwise read them all
 * every second for nothing.
 *
 * <p>Each controller publishes, under an id of its own, how many transactions that changed shared
 * state it has committed; a {@link Watch} runs its refresh when another's count moved since the
 * last refresh that succeeded. A count is taken after its transactions committed and read before
 * the refresh reads the hosts, so a refresh started on a moved count finds every change the count
 * includes; a change committed later moves a later count.
 */
public final class PeerChanges {
  private final PeerChangeStore store;
  private final String self;
  private final LongSupplier committed;
  private long published = -1;

  /**
   * @param self this controller's id, its own for as long as it runs
   * @param committed how many transactions changing shared state this controller has committed
   */
  public PeerChanges(PeerChangeStore store, String self, LongSupplier committed) {
    this.store = store;
    this.self = self;
    this.committed = committed;
  }

  /** Publishes this controller's count, if it moved since it was last published. */
  public synchronized void publish() {
    long count = committed.getAsLong();
    if (count == published) return;
    store.publish(self, count);
    published = count;
  }

  /** Takes this controller's count out: it stops. */
  public void leave() {
    store.forget(self);
  }

  /** A watch of its own for each cache that refreshes on its own schedule. */
  public Watch watch() {
    return new Watch();
  }

  /** Other controllers' counts as one cache last refreshed on them. */
  public final class Watch {
    private Map<String, Long> seen = Map.of();

    private Watch() {}

    /**
     * Runs {@code refresh} when another controller's count moved (or another controller appeared
     * or left) since the last refresh that succeeded; a refresh that throws is run again next time.
     */
    public synchronized void ifOthersChanged(Runnable refresh) {
      Map<String, Long> counts = new HashMap<>(store.counts());
      counts.remove(self);
      if (counts.equals(seen)) return;
      refresh.run();
      seen = Map.copyOf(counts);
    }
  }
}

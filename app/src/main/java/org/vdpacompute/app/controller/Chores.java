package org.vdpacompute.app.controller;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller's background chores, each run again a period after its last run ended, a failure
 * logged and left for the next run. Refreshes share one thread; what tells other controllers of
 * this one's changes has a thread of its own: behind a refresh of 100,000 hosts, which takes
 * seconds on PostgreSQL, the others would hear of this controller's claims that much later.
 */
final class Chores implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Chores.class);

  private final ScheduledExecutorService refreshing = daemonTimer("controller-refresh");
  private final ScheduledExecutorService publishing = daemonTimer("controller-publish");

  /** A chore that reads or writes shared state on the refreshing thread. */
  void refresh(Duration period, String what, Runnable task) {
    every(refreshing, period, what, task);
  }

  /** A chore that tells the other controllers something, never held up by a refresh. */
  void publish(Duration period, String what, Runnable task) {
    every(publishing, period, what, task);
  }

  /** Runs a chore once now, its failure logged: for the last runs of chores when the controller stops. */
  static void runLogged(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("{} failed", what, e);
    }
  }

  /** Stops every chore, interrupting those that run. */
  @Override
  public void close() {
    refreshing.shutdownNow();
    publishing.shutdownNow();
  }

  private static void every(ScheduledExecutorService timer, Duration period, String what, Runnable task) {
    timer.scheduleWithFixedDelay(() -> runLogged(what, task), period.toMillis(), period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static ScheduledExecutorService daemonTimer(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }
}

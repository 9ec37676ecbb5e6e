package org.vdpacompute.app.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChoresTest {
  /**
   * Two controllers on PostgreSQL at 100,000 hosts booted at half the rate when a controller's
   * count of changes was published on the thread that also reads every host: the others heard of
   * its claims seconds late.
   */
  @Test
  void publishingGoesOnWhileARefreshTakesLong() throws Exception {
    CountDownLatch refreshRunning = new CountDownLatch(1);
    CountDownLatch refreshMayEnd = new CountDownLatch(1);
    CountDownLatch published = new CountDownLatch(5);
    try (Chores chores = new Chores()) {
      chores.refresh(Duration.ofMillis(1), "a refresh of every host", () -> {
        refreshRunning.countDown();
        try {
          refreshMayEnd.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(refreshRunning.await(10, TimeUnit.SECONDS)).isTrue();
      chores.publish(Duration.ofMillis(10), "publishing", published::countDown);
      assertThat(published.await(10, TimeUnit.SECONDS)).as("published five times while the refresh ran").isTrue();
      refreshMayEnd.countDown();
    }
  }

  @Test
  void aChoreThatFailsRunsAgain() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch thrice = new CountDownLatch(3);
    try (Chores chores = new Chores()) {
      chores.refresh(Duration.ofMillis(5), "failing", () -> {
        runs.incrementAndGet();
        thrice.countDown();
        throw new IllegalStateException("database unavailable");
      });
      assertThat(thrice.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(runs.get()).isGreaterThanOrEqualTo(3);
  }
}

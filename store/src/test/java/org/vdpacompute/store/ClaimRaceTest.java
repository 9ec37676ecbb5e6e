package org.vdpacompute.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/**
 * Several controllers race to take the same row, the shape of "claim this device only if it is
 * still available": exactly one wins, every other sees it taken, and nobody fails.
 */
class ClaimRaceTest {
  private static final int RACERS = 8;
  private static final int ROUNDS = 5;
  private static final Instant NOW = Instant.parse("2024-05-06T07:08:09Z");

  /** The claim is one conditional UPDATE; the database decides who changed the row. */
  @EachDatabase
  void oneConditionalUpdateWinsAndTheOthersUpdateNothing(TestDatabase db) throws Exception {
    Database database = db.open(db.settings().withMaxPoolSize(RACERS));
    for (int round = 0; round < ROUNDS; round++) {
      String row = "bootstrap-" + round;
      database.useTransaction(h -> AppSettingsRoundTripTest.insert(h, row, "available", NOW));

      List<Integer> updated = race(racer -> database.inTransaction(h -> h.createUpdate(
              "UPDATE app_settings SET value_text = :owner, updated_at = :at "
                  + "WHERE name = :name AND value_text = 'available'")
          .bind("owner", "controller-" + racer).bind("at", NOW).bind("name", row).execute()));

      assertThat(updated).containsOnly(0, 1).filteredOn(n -> n == 1).hasSize(1);
      assertThat(owner(database, row)).isEqualTo("controller-" + updated.indexOf(1));
    }
  }

  /**
   * The claim reads the row, decides in Java, then writes it unconditionally: only serializable
   * isolation with a retry keeps two racers from both reading "available" and both winning.
   */
  @EachDatabase
  void readThenWriteHasOneWinnerBecauseLosersAreRetried(TestDatabase db) throws Exception {
    Database database = db.open(db.settings().withMaxPoolSize(RACERS));
    for (int round = 0; round < ROUNDS; round++) {
      String row = "bootstrap-" + round;
      database.useTransaction(h -> AppSettingsRoundTripTest.insert(h, row, "available", NOW));

      List<Integer> won = race(racer -> database.inTransaction(h -> {
        if (!"available".equals(valueOf(h, row))) {
          return 0;
        }
        h.createUpdate("UPDATE app_settings SET value_text = :owner WHERE name = :name")
            .bind("owner", "controller-" + racer).bind("name", row).execute();
        return 1;
      }));

      assertThat(won).containsOnly(0, 1).filteredOn(n -> n == 1).hasSize(1);
      assertThat(owner(database, row)).isEqualTo("controller-" + won.indexOf(1));
    }
  }

  interface Racer {
    int run(int racer);
  }

  /** Starts every racer at once; returns what each returned, in racer order. */
  private static List<Integer> race(Racer racer) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(RACERS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        int id = i;
        Callable<Integer> task = () -> {
          start.await();
          return racer.run(id);
        };
        results.add(threads.submit(task));
      }
      start.countDown();
      List<Integer> values = new ArrayList<>();
      for (Future<Integer> result : results) {
        values.add(result.get(30, TimeUnit.SECONDS));
      }
      return values;
    } finally {
      threads.shutdownNow();
    }
  }

  private static String valueOf(Handle handle, String name) {
    return handle.createQuery("SELECT value_text FROM app_settings WHERE name = :name")
        .bind("name", name).mapTo(String.class).one();
  }

  private static String owner(Database database, String name) {
    return database.inTransaction(h -> valueOf(h, name));
  }
}

package org.vdpacompute.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/**
 * A transaction that loses a race is run again; one that keeps losing is given up. The race is
 * staged, not left to chance: between the work's read and its write, another transaction commits a
 * change to the same row.
 */
class TransactionRetryTest {
  private static final Instant NOW = Instant.parse("2024-05-06T07:08:09Z");

  @EachDatabase
  void aTransactionThatLostARaceRunsAgainAndSeesTheWinner(TestDatabase db) {
    Database database = db.open(db.settings().withMaxTransactionAttempts(3));
    database.useTransaction(h -> AppSettingsRoundTripTest.insert(h, "bootstrap", "available", NOW));
    AtomicInteger attempts = new AtomicInteger();

    String seen = database.inTransaction(h -> {
      String before = valueOf(h, "bootstrap");
      if (attempts.incrementAndGet() == 1) {
        takeMeanwhile(database, "bootstrap", "controller-b");
      }
      if (before.equals("available")) {
        take(h, "bootstrap", "controller-a");
      }
      return before;
    });

    assertThat(attempts).hasValue(2);
    assertThat(seen).isEqualTo("controller-b");
    assertThat(stored(database, "bootstrap")).isEqualTo("controller-b");
  }

  @EachDatabase
  void aTransactionThatKeepsLosingIsGivenUpAndCommitsNothing(TestDatabase db) {
    Database database = db.open(db.settings().withMaxTransactionAttempts(2));
    database.useTransaction(h -> AppSettingsRoundTripTest.insert(h, "counter", "0", NOW));
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(() -> database.useTransaction(h -> {
      int seen = Integer.parseInt(valueOf(h, "counter"));
      attempts.incrementAndGet();
      takeMeanwhile(database, "counter", Integer.toString(seen + 100));
      take(h, "counter", Integer.toString(seen + 1));
    }))
        .isInstanceOfSatisfying(ConcurrentUpdateException.class, e -> {
          assertThat(e.attempts()).isEqualTo(2);
          assertThat(e.getMessage()).startsWith("transaction on " + database.url()
              + " gave up after 2 attempts: concurrent transactions kept changing the same rows");
        });

    assertThat(attempts).hasValue(2);
    assertThat(stored(database, "counter")).isEqualTo("200");
  }

  @EachDatabase
  void whatWorkChangedOutsideTheDatabaseIsPutBackAfterEachRollbackOfItsTransaction(TestDatabase db) {
    Database database = db.open(db.settings().withMaxTransactionAttempts(3));
    database.useTransaction(h -> AppSettingsRoundTripTest.insert(h, "bootstrap", "available", NOW));
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger outerUndone = new AtomicInteger();
    AtomicInteger innerUndone = new AtomicInteger();

    database.inVersionedTransaction(h -> {
      String before = valueOf(h, "bootstrap");
      if (attempts.incrementAndGet() == 1) takeMeanwhile(database, "bootstrap", "controller-b");
      // Joined work's own undo belongs to the transaction it joined.
      return database.inVersionedTransaction(inner -> {
        take(inner, "bootstrap", before + "+a");
        return null;
      }, innerUndone::incrementAndGet);
    }, outerUndone::incrementAndGet);

    assertThat(attempts).hasValue(2);
    assertThat(outerUndone).hasValue(1);
    assertThat(innerUndone).hasValue(1);
    assertThat(stored(database, "bootstrap")).isEqualTo("controller-b+a");

    assertThatThrownBy(() -> database.inVersionedTransaction(h -> {
      take(h, "bootstrap", "half-done");
      throw new IllegalStateException("the work gave up");
    }, outerUndone::incrementAndGet)).hasMessage("the work gave up");
    assertThat(outerUndone).hasValue(2);
    assertThat(stored(database, "bootstrap")).isEqualTo("controller-b+a");
  }

  @EachDatabase
  void versionedWorkRunsAtRepeatableReadOnPostgresqlAndTheConnectionGoesBackSerializable(TestDatabase db) {
    Database database = db.open();
    boolean postgresql = db.settings().url().startsWith("jdbc:postgresql:");

    int versioned = database.inVersionedTransaction(h -> isolation(h), () -> {});
    int plain = database.inTransaction(TransactionRetryTest::isolation);

    assertThat(versioned).isEqualTo(postgresql ? Connection.TRANSACTION_REPEATABLE_READ : Connection.TRANSACTION_SERIALIZABLE);
    assertThat(plain).as("this thread's connection again (the pool hands it back first), at the pool's level").isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
  }

  private static int isolation(Handle h) {
    try {
      return h.getConnection().getTransactionIsolation();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Another controller's transaction, committed while the caller's is open. */
  private static void takeMeanwhile(Database database, String name, String value) {
    Thread other = new Thread(() -> database.useTransaction(h -> take(h, name, value)));
    other.start();
    try {
      other.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void take(Handle handle, String name, String value) {
    handle.createUpdate("UPDATE app_settings SET value_text = :value WHERE name = :name")
        .bind("value", value).bind("name", name).execute();
  }

  private static String stored(Database database, String name) {
    return database.inTransaction(h -> valueOf(h, name));
  }

  private static String valueOf(Handle handle, String name) {
    return handle.createQuery("SELECT value_text FROM app_settings WHERE name = :name")
        .bind("name", name).mapTo(String.class).one();
  }
}

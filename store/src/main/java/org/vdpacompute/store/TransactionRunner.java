package org.vdpacompute.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionException;

/**
 * Runs a unit of work in one transaction and runs it again when it lost a race to a concurrent
 * transaction. With serializable isolation the database, not the code, finds the races: of two
 * controllers that both read a device as available and then claim it, one commits and the other
 * fails with a serialization error (PostgreSQL) or a concurrent-update error (H2). Run again, the
 * loser reads the device as taken and does what the work says to do then. Between attempts it
 * waits a random, growing while so that losers do not collide again in lockstep.
 */
final class TransactionRunner {
  private static final long FIRST_PAUSE_MILLIS = 2;
  private static final long MAX_PAUSE_MILLIS = 200;

  private final Jdbi jdbi;
  private final JdbcUrl url;
  private final int maxAttempts;
  /** The transaction this thread runs work in, if any. */
  private final ThreadLocal<Attempt> current = new ThreadLocal<>();
  /** Committed transactions that changed what other controllers keep in memory. */
  private final AtomicLong sharedChanges = new AtomicLong();

  /** One try at a transaction: its handle, and what to do if it rolls back. */
  private static final class Attempt {
    Handle handle;
    final List<Runnable> afterRollback = new ArrayList<>();
    boolean rolledBack;
    boolean changesShared;

    /** Runs what puts things back, if the attempt rolled back; their failures go with {@code failure}. */
    void undo(Throwable failure) {
      if (!rolledBack) return;
      for (Runnable undo : afterRollback) {
        try {
          undo.run();
        } catch (RuntimeException e) {
          failure.addSuppressed(e);
        }
      }
    }
  }

  TransactionRunner(Jdbi jdbi, JdbcUrl url, int maxAttempts) {
    this.jdbi = jdbi;
    this.url = url;
    this.maxAttempts = maxAttempts;
  }

  /** Runs the work in a transaction, or in the one this thread is in already. */
  <T> T run(Function<Handle, T> work) {
    return run(work, null, false);
  }

  /**
   * {@link #run(Function)}, at repeatable read on PostgreSQL when {@code versioned}: for work whose
   * every write is a compare-and-set on a version it read (see {@link Database#inVersionedTransaction}).
   * Work that joins a transaction runs at its level. {@code afterRollback}, if not null, runs each
   * time the transaction the work was part of rolls back, whether or not it is tried again: it puts
   * back what the work changed outside the database.
   */
  <T> T run(Function<Handle, T> work, Runnable afterRollback, boolean versioned) {
    Attempt joined = current.get();
    // Work within work: part of the outer transaction, which commits it, and runs it again when
    // the whole lost a race.
    if (joined != null) {
      if (afterRollback != null) joined.afterRollback.add(afterRollback);
      return work.apply(joined.handle);
    }
    for (int n = 1; ; n++) {
      Attempt attempt = new Attempt();
      if (afterRollback != null) attempt.afterRollback.add(afterRollback);
      try {
        return jdbi.withHandle(h -> once(h, attempt, work, versioned && url.kind() == DatabaseKind.POSTGRESQL));
      } catch (RuntimeException | Error e) {
        // Once the connection is back in the pool: what puts things back may read the database,
        // and with every connection held by a thread doing the same, it would wait for good.
        attempt.undo(e);
        if (!(e instanceof JdbiException failure)) throw e;
        switch (SqlFailure.of(failure)) {
          case CONFLICT -> {
            if (n >= maxAttempts) {
              throw new ConcurrentUpdateException(url, n, failure);
            }
            pause(n);
          }
          case CONNECTION -> throw new DatabaseUnavailableException(url, failure);
          default -> throw new DatabaseException(
              "database " + url.masked() + ": " + url.maskIn(failure.getMessage()), Causes.masked(failure, url));
        }
      }
    }
  }

  /** Marks the transaction this thread runs work in as one that changes what other controllers keep in memory. */
  void noteSharedChange() {
    Attempt attempt = current.get();
    if (attempt == null) throw new IllegalStateException("a shared change can only be noted within a transaction");
    attempt.changesShared = true;
  }

  /** How many transactions marked by {@link #noteSharedChange()} have committed so far. */
  long sharedChanges() {
    return sharedChanges.get();
  }

  /**
   * One attempt, committed or rolled back on the connection itself: the pool hands connections out
   * with auto-commit off (see ConnectionPool), and so there is no transaction to begin.
   */
  private <T> T once(Handle handle, Attempt attempt, Function<Handle, T> work, boolean repeatableRead) {
    attempt.handle = handle;
    current.set(attempt);
    try {
      // The pool sets the connection back to serializable when it is returned.
      if (repeatableRead) handle.getConnection().setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      T result = work.apply(handle);
      handle.getConnection().commit();
      // Counted once committed, so that whoever reads the count finds the change in the database.
      if (attempt.changesShared) sharedChanges.incrementAndGet();
      return result;
    } catch (SQLException e) {
      TransactionException failure = new TransactionException("commit failed", e);
      rollback(attempt, failure);
      throw failure;
    } catch (RuntimeException | Error e) {
      rollback(attempt, e);
      throw e;
    } finally {
      current.remove();
    }
  }

  private static void rollback(Attempt attempt, Throwable failure) {
    attempt.rolledBack = true;
    try {
      attempt.handle.getConnection().rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private void pause(int attempt) {
    long ceiling = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(attempt, 20));
    try {
      TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseException("transaction on " + url.masked() + " interrupted before attempt "
          + (attempt + 1), e);
    }
  }
}

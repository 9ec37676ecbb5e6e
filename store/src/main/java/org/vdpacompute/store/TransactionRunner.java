package org.vdpacompute.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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

  /** One try at a transaction: its handle, and what to do if it rolls back. */
  private static final class Attempt {
    final Handle handle;
    final List<Runnable> afterRollback = new ArrayList<>();

    Attempt(Handle handle) {
      this.handle = handle;
    }
  }

  TransactionRunner(Jdbi jdbi, JdbcUrl url, int maxAttempts) {
    this.jdbi = jdbi;
    this.url = url;
    this.maxAttempts = maxAttempts;
  }

  /**
   * Runs the work in a transaction, or in the one this thread is in already. {@code afterRollback},
   * if not null, runs each time the transaction the work was part of rolls back, whether or not it
   * is tried again: it puts back what the work changed outside the database.
   */
  <T> T run(Function<Handle, T> work, Runnable afterRollback) {
    Attempt joined = current.get();
    // Work within work: part of the outer transaction, which commits it, and runs it again when
    // the whole lost a race.
    if (joined != null) {
      if (afterRollback != null) joined.afterRollback.add(afterRollback);
      return work.apply(joined.handle);
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.withHandle(h -> once(h, work, afterRollback));
      } catch (JdbiException e) {
        switch (SqlFailure.of(e)) {
          case CONFLICT -> {
            if (attempt >= maxAttempts) {
              throw new ConcurrentUpdateException(url, attempt, e);
            }
            pause(attempt);
          }
          case CONNECTION -> throw new DatabaseUnavailableException(url, e);
          default -> throw new DatabaseException(
              "database " + url.masked() + ": " + url.maskIn(e.getMessage()), Causes.masked(e, url));
        }
      }
    }
  }

  /**
   * One attempt, committed or rolled back on the connection itself: the pool hands connections out
   * with auto-commit off (see ConnectionPool), and so there is no transaction to begin.
   */
  private <T> T once(Handle handle, Function<Handle, T> work, Runnable afterRollback) {
    Attempt attempt = new Attempt(handle);
    if (afterRollback != null) attempt.afterRollback.add(afterRollback);
    current.set(attempt);
    try {
      T result = work.apply(handle);
      handle.getConnection().commit();
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

  private void rollback(Attempt attempt, Throwable failure) {
    try {
      attempt.handle.getConnection().rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
    // What puts things back may read the database: in a transaction of its own, not this one.
    current.remove();
    for (Runnable undo : attempt.afterRollback) {
      try {
        undo.run();
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
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

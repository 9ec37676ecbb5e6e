package org.vdpacompute.store;

import java.sql.Connection;
import java.sql.SQLException;
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
  private final ThreadLocal<Handle> current = new ThreadLocal<>();

  TransactionRunner(Jdbi jdbi, JdbcUrl url, int maxAttempts) {
    this.jdbi = jdbi;
    this.url = url;
    this.maxAttempts = maxAttempts;
  }

  <T> T run(Function<Handle, T> work) {
    Handle joined = current.get();
    // Work within work: part of the outer transaction, which commits it, and runs it again when
    // the whole lost a race.
    if (joined != null) return work.apply(joined);
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.withHandle(h -> once(h, work));
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
  private <T> T once(Handle handle, Function<Handle, T> work) {
    Connection connection = handle.getConnection();
    current.set(handle);
    try {
      T result = work.apply(handle);
      connection.commit();
      return result;
    } catch (SQLException e) {
      rollback(connection, e);
      throw new TransactionException("commit failed", e);
    } catch (RuntimeException | Error e) {
      rollback(connection, e);
      throw e;
    } finally {
      current.remove();
    }
  }

  private static void rollback(Connection connection, Throwable failure) {
    try {
      connection.rollback();
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

package org.vdpacompute.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Writes the commits of an H2 file database in groups, each transaction that wrote waiting for the
 * write that holds it.
 *
 * <p>H2 writes a store (a "chunk": every changed page of every changed table and index, up to the
 * roots, plus the chunk's own metadata) per write. Written at each commit ({@code WRITE_DELAY=0}),
 * that was 40 KB and most of the controller's CPU per commit: a boot commits four times. Its own
 * grouping ({@code WRITE_DELAY} above 0) returns from commit before writing, so a controller killed
 * in that window would forget claims it already reported. Here H2 commits in memory, with its
 * background writer on for housekeeping (without it, chunks that are nearly empty were never
 * rewritten), and one thread writes whatever was committed, at most once every {@link #GATHER}
 * while several commit at once, and at once otherwise; a transaction that wrote returns only
 * after a write that began after its commit. Like H2's own writes, without fsync: the data outlives
 * the process, not the power.
 *
 * <p>Reaches into H2's engine (session and store) for two things JDBC does not say: whether a
 * transaction wrote, and writing the store now.
 */
final class H2GroupCommit implements Durability {
  /** How long commits may gather while they keep coming: the most a commit waits for its write. */
  static final long GATHER = TimeUnit.MILLISECONDS.toNanos(3);

  private final MVStore store;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition requested = lock.newCondition();
  private final Condition writeEnded = lock.newCondition();
  /** Commits that asked to be written, how many a write was tried for, how many are written. */
  private long asked;
  private long tried;
  private long written;
  /** Why a write failed; H2 closes a store it could not write, so every later commit fails too. */
  private RuntimeException failure;
  private boolean closed;
  private final Thread writer;

  private H2GroupCommit(MVStore store) {
    this.store = store;
    this.writer = new Thread(this::writeWhileOpen, "h2-group-commit");
    writer.setDaemon(true);
    writer.start();
  }

  /** Group commits for the pool's database if it is an H2 file; else the database's own commits. */
  static Durability of(HikariDataSource pool, JdbcUrl url) {
    if (url.kind() != DatabaseKind.H2) return AT_COMMIT;
    try (Connection connection = pool.getConnection()) {
      // An H2 server's (jdbc:h2:tcp:) commits are its own; a database in memory has no file.
      if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) return AT_COMMIT;
      MVStore store = session.getDatabase().getStore().getMvStore();
      return store.getFileStore() == null ? AT_COMMIT : new H2GroupCommit(store);
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(url, e);
    }
  }

  @Override
  public boolean wrote(Connection connection) throws SQLException {
    return session(connection).hasPendingTransaction();
  }

  @Override
  public void awaitWritten() {
    lock.lock();
    try {
      if (failure != null) throw unwritten();
      if (closed) {
        store.commit();
        return;
      }
      long ticket = ++asked;
      requested.signal();
      while (tried < ticket) writeEnded.awaitUninterruptibly();
      if (written < ticket) throw unwritten();
    } finally {
      lock.unlock();
    }
  }

  private void writeWhileOpen() {
    long lastStart = 0;
    long lastGroup = 0;
    while (true) {
      long from;
      lock.lock();
      try {
        while (asked == tried && !closed) requested.awaitUninterruptibly();
        if (asked == tried) return;
        from = tried;
      } finally {
        lock.unlock();
      }
      // Commits that come one at a time are written at once; only concurrent ones gather.
      long wait = lastStart + GATHER - System.nanoTime();
      if (lastGroup > 1 && wait > 0) sleep(wait);
      lastStart = System.nanoTime();
      long upTo = asked();
      RuntimeException failed = null;
      try {
        store.commit();
      } catch (RuntimeException e) {
        failed = e;
      }
      finish(upTo, failed);
      lastGroup = upTo - from;
    }
  }

  private long asked() {
    lock.lock();
    try {
      return asked;
    } finally {
      lock.unlock();
    }
  }

  private void finish(long upTo, RuntimeException failed) {
    lock.lock();
    try {
      tried = upTo;
      if (failed == null && failure == null) {
        written = upTo;
      } else if (failure == null) {
        failure = failed;
      }
      writeEnded.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private DatabaseException unwritten() {
    return new DatabaseException("a commit could not be written to the database file: " + failure.getMessage(),
        failure);
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static SessionLocal session(Connection connection) throws SQLException {
    return (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
  }

  /** Writes what commits wait for, then stops the writer. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      requested.signal();
    } finally {
      lock.unlock();
    }
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

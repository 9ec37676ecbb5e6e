package org.vdpacompute.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces the embedded database's file to the disk every {@link #INTERVAL}. H2 writes each commit
 * to its file without fsync, and the operating system writes it to the disk when it likes, on
 * Linux up to half a minute later; H2 keeps the space of replaced data for its retention time so
 * that the file stays sound if the power fails before then. Forced every second, the file needs
 * that space only for a few seconds ({@link DatabaseKind#H2_RETENTION_MS}) instead of H2's 45: the
 * file stays a fraction of the size, each commit finds room in it sooner (first fit over the holes
 * of 45 s of writes was a fifth of a commit's CPU), and a power failure loses a second of commits
 * rather than up to half a minute of them.
 */
final class FileSync implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(FileSync.class);

  private final DataSource pool;
  private final ScheduledExecutorService timer;

  private FileSync(DataSource pool) {
    this.pool = pool;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vdpa-compute-store file sync");
      t.setDaemon(true);
      return t;
    });
  }

  static FileSync start(DataSource pool) {
    FileSync sync = new FileSync(pool);
    sync.timer.scheduleWithFixedDelay(sync::sync, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return sync;
  }

  /**
   * One sync now; what the timer runs. False when it failed, which is logged: the next second
   * tries again.
   */
  boolean sync() {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CHECKPOINT SYNC");
      c.commit();
      return true;
    } catch (SQLException | RuntimeException e) {
      LOG.warn("could not force the database file to the disk", e);
      return false;
    }
  }

  /** Stops the timer, waiting for a sync under way. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) timer.shutdownNow();
    } catch (InterruptedException e) {
      timer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

package org.vdpacompute.store;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The program's database: a connection pool on the {@code [database] connection} URL, a schema
 * migrated to this program's version when opened, and transactions that are safe when several
 * controllers share one PostgreSQL database.
 *
 * <p>Open one per process and close it at shutdown. It is thread-safe.
 */
public final class Database implements AutoCloseable {
  private final JdbcUrl url;
  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final SchemaMigrator migrator;
  private final TransactionRunner transactions;
  /** For H2 only: a file of its own, forced to the disk every second. */
  private final FileSync fileSync;

  private Database(JdbcUrl url, HikariDataSource pool, SchemaMigrator migrator, int maxAttempts) {
    this.url = url;
    this.pool = pool;
    this.fileSync = url.kind() == DatabaseKind.H2 && !url.value().startsWith("jdbc:h2:mem:") ? FileSync.start(pool) : null;
    this.jdbi = Jdbi.create(pool);
    this.migrator = migrator;
    this.transactions = new TransactionRunner(jdbi, url, maxAttempts);
  }

  /**
   * Opens the database with the default settings and migrates its schema.
   *
   * @throws org.vdpacompute.core.InvalidValueException if the URL is not of a supported database
   * @throws DatabaseUnavailableException if it cannot be reached or refuses the credentials
   * @throws SchemaMigrationException if its schema cannot be migrated
   */
  public static Database open(String url) {
    return open(DatabaseSettings.of(url));
  }

  /** Opens the database and migrates its schema; fails as {@link #open(String)} does. */
  public static Database open(DatabaseSettings settings) {
    JdbcUrl url = JdbcUrl.parse(settings.url());
    Optional<Path> h2File = H2Files.base(url.value());
    try {
      if (h2File.isPresent()) H2Files.prepare(h2File.get());
    } catch (IOException e) {
      throw new DatabaseUnavailableException(url, e);
    }
    HikariDataSource pool = ConnectionPool.open(url, settings);
    try {
      SchemaMigrator migrator = new SchemaMigrator(pool, url);
      migrator.migrate();
      if (h2File.isPresent()) H2Files.protect(h2File.get());
      return new Database(url, pool, migrator, settings.maxTransactionAttempts());
    } catch (IOException e) {
      pool.close();
      throw new DatabaseUnavailableException(url, e);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * Runs the work in one serializable transaction and returns its result. The transaction commits
   * when the work returns and rolls back when it throws; the work's own exceptions reach the
   * caller unchanged. When the transaction loses a race to a concurrent one (a serialization
   * failure or a deadlock) it is rolled back and the work runs again, on a fresh transaction, up
   * to the configured number of attempts. The work must therefore have no effects outside the
   * handle. Work that calls this method again, on the same thread, joins the transaction it runs
   * in: one commit for all of it, and a race lost anywhere runs the whole again.
   *
   * @throws ConcurrentUpdateException when every attempt lost a race
   * @throws DatabaseUnavailableException when the connection fails
   * @throws DatabaseException when a statement fails otherwise
   */
  public <T> T inTransaction(Function<Handle, T> work) {
    return transactions.run(work);
  }

  /**
   * {@link #inTransaction(Function)} for work whose every write is a compare-and-set on a version it
   * read (a host's device generation, a server's or a port's revision), and which also changes what
   * is kept outside the database. {@code afterRollback} runs each time the transaction it ends up in
   * rolls back (before it is tried again, or before its failure is thrown), to put that back as the
   * database has it.
   *
   * <p>Such work needs no more than repeatable read: a row changed since it was read fails the
   * write, and the work runs again. On PostgreSQL it runs at that level, outside the tracking of
   * serializable transactions, whose false alarms (rows that merely share an index page) made such
   * work, which writes several tables, run again and again. H2 keeps it serializable, which there
   * behaves the same and costs no extra statement.
   */
  public <T> T inVersionedTransaction(Function<Handle, T> work, Runnable afterRollback) {
    return transactions.run(work, afterRollback, true);
  }

  /** {@link #inTransaction(Function)} for work that returns nothing. */
  public void useTransaction(Consumer<Handle> work) {
    transactions.run(handle -> {
      work.accept(handle);
      return null;
    });
  }

  /**
   * Marks the transaction the caller's work runs in as one that changes rows other controllers on
   * this database keep in memory (hosts' devices, compute services): once it commits, {@link
   * #sharedChanges()} counts it, and so this controller can tell the others to read again.
   *
   * @throws IllegalStateException outside a transaction
   */
  public void noteSharedChange() {
    transactions.noteSharedChange();
  }

  /** How many committed transactions of this process noted a shared change ({@link #noteSharedChange()}). */
  public long sharedChanges() {
    return transactions.sharedChanges();
  }

  /**
   * Jdbi on this database's pool, for registering mappers and for reads that need no transaction.
   * Its exceptions are Jdbi's own; prefer {@link #inTransaction(Function)} for anything that writes.
   */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** The version of the newest schema migration applied to the database, as in {@code V1__}. */
  public int schemaVersion() {
    return migrator.currentVersion();
  }

  /** What forces an H2 file to the disk; null on PostgreSQL and in-memory H2. */
  FileSync fileSync() {
    return fileSync;
  }

  /** The JDBC URL, with its password masked. */
  public String url() {
    return url.masked();
  }

  /** Closes every connection. Idempotent. */
  @Override
  public void close() {
    if (fileSync != null) fileSync.close();
    pool.close();
  }

  @Override
  public String toString() {
    return "Database[" + url.masked() + "]";
  }
}

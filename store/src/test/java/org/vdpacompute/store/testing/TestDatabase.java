package org.vdpacompute.store.testing;

import java.util.ArrayList;
import java.util.List;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.DatabaseSettings;

/**
 * One fresh database for one test, on H2 or on the test JVM's PostgreSQL server, handed to a
 * method annotated {@link EachDatabase}: already migrated, or empty when the test asks. The
 * databases it opens are closed, and it is dropped, when the test ends.
 */
public final class TestDatabase {
  /** The databases the store runs on. */
  public enum Kind {
    H2("H2"),
    POSTGRESQL("PostgreSQL");

    private final String displayName;

    Kind(String displayName) {
      this.displayName = displayName;
    }

    @Override
    public String toString() {
      return displayName;
    }
  }

  private final Kind kind;
  private final String url;
  private final Runnable drop;
  private final List<Database> opened = new ArrayList<>();

  TestDatabase(Kind kind, String url, Runnable drop) {
    this.kind = kind;
    this.url = url;
    this.drop = drop;
  }

  public Kind kind() {
    return kind;
  }

  /** The JDBC URL, credentials included, as a controller's {@code [database] connection}. */
  public String url() {
    return url;
  }

  /**
   * A pool of two: enough for a test's own transactions, where the default ten would open (and,
   * on PostgreSQL, fork a server process and authenticate) ten connections for every test. Tests
   * that race transactions ask for more ({@code withMaxPoolSize}).
   */
  static final int TEST_POOL_SIZE = 2;

  /** The default settings but a pool of {@value #TEST_POOL_SIZE}, to change before {@link #open(DatabaseSettings)}. */
  public DatabaseSettings settings() {
    return DatabaseSettings.of(url).withMaxPoolSize(2);
  }

  /** Opens (and migrates) the database with {@link #settings()}, as a controller would. */
  public Database open() {
    return open(settings());
  }

  /** Opens the database with these settings; call it again for a second controller. */
  public synchronized Database open(DatabaseSettings settings) {
    Database database = Database.open(settings);
    opened.add(database);
    return database;
  }

  /** Closes what the test opened, then drops the database. */
  synchronized void release() {
    opened.forEach(Database::close);
    opened.clear();
    drop.run();
  }

  @Override
  public String toString() {
    return kind.toString();
  }
}

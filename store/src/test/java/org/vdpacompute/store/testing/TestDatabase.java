package org.vdpacompute.store.testing;

import java.util.ArrayList;
import java.util.List;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.DatabaseSettings;

/**
 * One fresh, empty database for one test, on H2 or on the test JVM's PostgreSQL server, handed to
 * a method annotated {@link EachDatabase}. The databases it opens are closed, and it is dropped,
 * when the test ends.
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

  /** Default settings on this database, to change before {@link #open(DatabaseSettings)}. */
  public DatabaseSettings settings() {
    return DatabaseSettings.of(url);
  }

  /** Opens (and migrates) the database with default settings, as a controller would. */
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

package org.vdpacompute.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Brings the schema to this program's version with the SQL migrations under {@code db/migration}
 * ({@code V1__name.sql}, {@code V2__name.sql}, ...: whole numbers, so that a version is an int).
 * Several controllers may start at once on one PostgreSQL database: Flyway serialises their
 * migrations with a database lock, and the later ones find nothing left to do. A controller older
 * than the schema starts too (Flyway ignores migrations it does not know that are newer than its
 * own), but it writes the tables as its own version knew them: a migration that moves a column
 * (V12 moved host reports to a table of their own) fails the older controller's writes there, so
 * stop the older controllers before the first newer one starts.
 */
final class SchemaMigrator {
  static final String LOCATION = "classpath:db/migration";

  private final Flyway flyway;
  private final JdbcUrl url;

  SchemaMigrator(DataSource dataSource, JdbcUrl url) {
    this.url = url;
    this.flyway = Flyway.configure(SchemaMigrator.class.getClassLoader())
        .dataSource(dataSource)
        .locations(LOCATION)
        .load();
  }

  void migrate() {
    try {
      flyway.migrate();
    } catch (FlywayException e) {
      throw failure(e);
    }
  }

  /** The version of the latest migration applied to the database; 0 before the first. */
  int currentVersion() {
    try {
      MigrationInfo current = flyway.info().current();
      return current == null || current.getVersion() == null
          ? 0 : Integer.parseInt(current.getVersion().getVersion());
    } catch (FlywayException e) {
      throw failure(e);
    }
  }

  private DatabaseException failure(FlywayException e) {
    return SqlFailure.of(e) == SqlFailure.CONNECTION
        ? new DatabaseUnavailableException(url, e)
        : new SchemaMigrationException(url, e);
  }
}

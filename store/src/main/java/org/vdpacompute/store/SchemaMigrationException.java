package org.vdpacompute.store;

/**
 * The database's schema could not be brought to this program's version: a migration failed, or
 * the migrations already applied differ from the ones this program ships.
 */
public class SchemaMigrationException extends DatabaseException {
  SchemaMigrationException(JdbcUrl url, Throwable cause) {
    super("cannot migrate the schema of " + url.masked() + ": " + url.maskIn(cause.getMessage()),
        Causes.masked(cause, url));
  }
}

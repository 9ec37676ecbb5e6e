package org.vdpacompute.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What makes a transaction's commit last: a transaction that wrote returns to its caller only once
 * what it committed is in the database's files, so that a controller killed after it reported a
 * claim does not forget the claim.
 */
interface Durability extends AutoCloseable {
  /** Whether the transaction open on the connection wrote anything; asked just before it commits. */
  boolean wrote(Connection connection) throws SQLException;

  /** Returns once every transaction committed before the call is written. */
  void awaitWritten();

  /** Writes what commits wait for and stops; nothing to do for most. */
  @Override
  default void close() {}

  /** The database writes a transaction as it commits (PostgreSQL; H2 in memory has nothing to write). */
  Durability AT_COMMIT = new Durability() {
    @Override
    public boolean wrote(Connection connection) {
      return false;
    }

    @Override
    public void awaitWritten() {}
  };
}

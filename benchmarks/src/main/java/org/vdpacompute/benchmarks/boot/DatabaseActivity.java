package org.vdpacompute.benchmarks.boot;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What PostgreSQL has counted of one database's work ({@code pg_stat_database}): transactions
 * ended, committed or rolled back, and rows inserted, updated or deleted. Each server process
 * reports its counts when its transactions end, at most every half second, so a reading lags by
 * that much.
 */
record DatabaseActivity(long transactions, long rowsWritten) {

  static DatabaseActivity of(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT xact_commit + xact_rollback, tup_inserted + tup_updated + tup_deleted "
            + "FROM pg_stat_database WHERE datname = current_database()")) {
      r.next();
      return new DatabaseActivity(r.getLong(1), r.getLong(2));
    }
  }

  DatabaseActivity since(DatabaseActivity earlier) {
    return new DatabaseActivity(transactions - earlier.transactions, rowsWritten - earlier.rowsWritten);
  }
}

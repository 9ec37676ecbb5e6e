package org.vdpacompute.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** What a failed database call means to the store: retry it, report the database down, or neither. */
enum SqlFailure {
  /** Another transaction changed the same rows first; running the transaction again may succeed. */
  CONFLICT,
  /** The connection could not be made or was lost. */
  CONNECTION,
  /** Anything else: a bad statement, a violated constraint, a bug. */
  OTHER;

  /**
   * SQLSTATEs of a transaction that lost a race. 40001: PostgreSQL's serialization_failure and
   * H2's deadlock; 40P01: PostgreSQL's deadlock_detected; 90131: H2's "concurrent update", raised
   * when a repeatable-read or serializable transaction writes a row another committed since.
   */
  private static final Set<String> CONFLICT_STATES = Set.of("40001", "40P01", "90131");
  /** SQLSTATE class 08 is "connection exception" in the SQL standard. */
  private static final String CONNECTION_CLASS = "08";
  private static final int MAX_DEPTH = 32;

  /** Classifies by the first SQL exception in the cause chain that says what happened. */
  static SqlFailure of(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
        return CONNECTION;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (CONFLICT_STATES.contains(state)) {
          return CONFLICT;
        }
        if (state.startsWith(CONNECTION_CLASS)) {
          return CONNECTION;
        }
        return OTHER;
      }
    }
    return OTHER;
  }
}

package org.vdpacompute.store;

import java.sql.SQLException;

/** Recognises a violated unique or primary key, so that a store can say what clashed. */
public final class UniqueViolation {
  /** SQLSTATE 23505, the same on H2 and PostgreSQL. */
  private static final String STATE = "23505";

  private UniqueViolation() {}

  /** True when the failure, or one of its causes, is a violated unique or primary key. */
  public static boolean isCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && STATE.equals(sql.getSQLState())) return true;
    }
    return false;
  }
}

package org.vdpacompute.store;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Update;

/**
 * An integrity constraint a statement broke, told by its SQLSTATE (the same on H2 and PostgreSQL
 * but where noted). A statement can break only a few constraints, so the statement that failed
 * mostly says which; where it does not, the constraint's name in the driver's message does.
 */
public enum ConstraintViolation {
  UNIQUE("23505"),
  /**
   * PostgreSQL says 23503 for a missing parent and for a parent that still has children; H2 says
   * 23503 only for the latter and 23506 for the former.
   */
  FOREIGN_KEY("23503", "23506");

  private static final int MAX_DEPTH = 32;
  private final Set<String> sqlStates;

  ConstraintViolation(String... sqlStates) {
    this.sqlStates = Set.of(sqlStates);
  }

  /**
   * Runs an insert, update or delete and returns the rows it changed. A broken constraint becomes
   * the exception {@code meaning} gives for it; any other failure passes unchanged, so that the
   * transaction runner still retries a lost race.
   */
  public static int execute(Update statement, Function<ConstraintViolation, RuntimeException> meaning) {
    try {
      return statement.execute();
    } catch (JdbiException e) {
      ConstraintViolation violation = of(e);
      throw violation == null ? e : meaning.apply(violation);
    }
  }

  /** Whether the driver's message names the constraint: PostgreSQL quotes it, H2 its index. */
  public static boolean names(Throwable failure, String constraint) {
    SQLException sql = firstSqlException(failure);
    return sql != null && sql.getMessage() != null
        && sql.getMessage().toLowerCase(Locale.ROOT).contains(constraint.toLowerCase(Locale.ROOT));
  }

  /** True when the failure, or one of its causes, is a violated unique or primary key. */
  public static boolean isUnique(Throwable failure) {
    return of(failure) == UNIQUE;
  }

  /** The constraint the failure broke, or null when it is no integrity violation of these. */
  public static ConstraintViolation of(Throwable failure) {
    SQLException sql = firstSqlException(failure);
    for (ConstraintViolation v : values()) {
      if (sql != null && v.sqlStates.contains(sql.getSQLState())) {
        return v;
      }
    }
    return null;
  }

  private static SQLException firstSqlException(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql;
      }
    }
    return null;
  }
}

package org.vdpacompute.store;

import java.util.Objects;

/**
 * What the store keeps of the exceptions beneath its own. Drivers and the pool sometimes quote the
 * whole JDBC URL in their messages (pgjdbc's "No suitable driver", Hikari's "Failed to get driver
 * instance for jdbcUrl="), and a logged stack trace would then show the password. Such a chain is
 * replaced by copies whose messages are masked and whose stack traces are the originals'.
 */
final class Causes {
  /** Cause chains deeper than this are cut; real ones are a handful long. */
  private static final int MAX_DEPTH = 32;

  private Causes() {}

  /** The message of the deepest cause that has one: the driver's own words, without wrappers. */
  static String innermostMessage(Throwable failure) {
    String message = null;
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message != null ? message : failure.getClass().getName();
  }

  /** The chain itself when no message in it gives the password away, else a masked copy. */
  static Throwable masked(Throwable failure, JdbcUrl url) {
    return leaks(failure, url) ? copy(failure, url, 0) : failure;
  }

  private static boolean leaks(Throwable failure, JdbcUrl url) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      if (t.getMessage() != null && !Objects.equals(t.getMessage(), url.maskIn(t.getMessage()))) {
        return true;
      }
    }
    return false;
  }

  private static Throwable copy(Throwable original, JdbcUrl url, int depth) {
    Throwable next = original.getCause();
    Throwable cause = next == null || next == original || depth + 1 >= MAX_DEPTH
        ? null : copy(next, url, depth + 1);
    MaskedCause copy = new MaskedCause(original.getClass().getName(), url.maskIn(original.getMessage()), cause);
    copy.setStackTrace(original.getStackTrace());
    return copy;
  }

  /** Stands in for an exception whose message was masked; prints as the original class. */
  static final class MaskedCause extends Exception {
    private final String originalClass;

    MaskedCause(String originalClass, String message, Throwable cause) {
      super(message, cause);
      this.originalClass = originalClass;
    }

    @Override
    public String toString() {
      return getMessage() == null ? originalClass : originalClass + ": " + getMessage();
    }
  }
}

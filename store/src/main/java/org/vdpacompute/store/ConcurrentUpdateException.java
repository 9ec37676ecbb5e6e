package org.vdpacompute.store;

/**
 * A transaction kept colliding with concurrent transactions (serialization failures or deadlocks)
 * and was given up after the configured number of attempts. Nothing of it was committed; the
 * caller may try again later or report the contention.
 */
public class ConcurrentUpdateException extends DatabaseException {
  private final int attempts;

  ConcurrentUpdateException(JdbcUrl url, int attempts, Throwable lastFailure) {
    super("transaction on " + url.masked() + " gave up after " + attempts + " attempt"
        + (attempts == 1 ? "" : "s") + ": concurrent transactions kept changing the same rows (last: "
        + url.maskIn(Causes.innermostMessage(lastFailure)) + ")", Causes.masked(lastFailure, url));
    this.attempts = attempts;
  }

  /** How many times the transaction ran before it was given up. */
  public int attempts() {
    return attempts;
  }
}

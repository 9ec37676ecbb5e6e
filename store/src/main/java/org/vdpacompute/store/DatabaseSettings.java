package org.vdpacompute.store;

import java.time.Duration;
import org.vdpacompute.core.InvalidValueException;

/**
 * How to open a {@link Database}: its JDBC URL and the few limits an operator may tune. Immutable;
 * the {@code with...} methods return changed copies. Prints with the password masked.
 *
 * @param url JDBC URL, {@code jdbc:h2:...} or {@code jdbc:postgresql://...}
 * @param maxPoolSize connections kept open, and the most transactions that run at once
 * @param maxTransactionAttempts how often {@link Database#inTransaction} runs a transaction that
 *     keeps losing races to concurrent ones before it gives up; 1 means no retry
 * @param connectionTimeout how long to wait for a connection, from the pool or the server
 */
public record DatabaseSettings(String url, int maxPoolSize, int maxTransactionAttempts,
    Duration connectionTimeout) {
  public static final int DEFAULT_MAX_POOL_SIZE = 10;
  public static final int DEFAULT_MAX_TRANSACTION_ATTEMPTS = 10;
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
  /** Hikari refuses to wait less than this for a connection. */
  private static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

  public DatabaseSettings {
    JdbcUrl.parse(url);
    if (maxPoolSize < 1) {
      throw new InvalidValueException("database pool size must be at least 1, not " + maxPoolSize);
    }
    if (maxTransactionAttempts < 1) {
      throw new InvalidValueException(
          "transaction attempts must be at least 1, not " + maxTransactionAttempts);
    }
    if (connectionTimeout == null || connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
      throw new InvalidValueException("database connection timeout must be at least "
          + MIN_CONNECTION_TIMEOUT + ", not " + connectionTimeout);
    }
  }

  /** The URL with the default limits. */
  public static DatabaseSettings of(String url) {
    return new DatabaseSettings(url, DEFAULT_MAX_POOL_SIZE, DEFAULT_MAX_TRANSACTION_ATTEMPTS,
        DEFAULT_CONNECTION_TIMEOUT);
  }

  public DatabaseSettings withMaxPoolSize(int size) {
    return new DatabaseSettings(url, size, maxTransactionAttempts, connectionTimeout);
  }

  public DatabaseSettings withMaxTransactionAttempts(int attempts) {
    return new DatabaseSettings(url, maxPoolSize, attempts, connectionTimeout);
  }

  public DatabaseSettings withConnectionTimeout(Duration timeout) {
    return new DatabaseSettings(url, maxPoolSize, maxTransactionAttempts, timeout);
  }

  @Override
  public String toString() {
    return "DatabaseSettings[url=" + JdbcUrl.parse(url).masked() + ", maxPoolSize=" + maxPoolSize
        + ", maxTransactionAttempts=" + maxTransactionAttempts + ", connectionTimeout="
        + connectionTimeout + "]";
  }
}

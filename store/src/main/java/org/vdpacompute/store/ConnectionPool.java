package org.vdpacompute.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Opens the connection pool, failing at once when the database cannot be reached. */
final class ConnectionPool {
  private static final String POOL_NAME = "vdpa-compute-store";

  private ConnectionPool() {}

  static HikariDataSource open(JdbcUrl url, DatabaseSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(POOL_NAME);
    config.setJdbcUrl(url.forDriver());
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    // Every connection runs serializable, so that a transaction that reads a row and then changes
    // it ("claim this device if it is still available") either sees the latest commit or fails
    // with a serialization error that Database.inTransaction retries. Set once per connection
    // here rather than per transaction, which would cost two statements each time.
    config.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
    // Every statement runs inside Database.inTransaction, so connections leave the pool with
    // auto-commit already off. Otherwise each transaction would switch it off and on again, and
    // on H2 switching it on is a statement of its own that marks every table (6% of the
    // controller's CPU while booting servers).
    config.setAutoCommit(false);
    // Hikari's default (try one connection, throw if it fails) is what we want: a controller with
    // a wrong URL or password stops at start, naming the database, instead of failing later.
    config.setInitializationFailTimeout(1);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new DatabaseUnavailableException(url, e);
    }
  }
}

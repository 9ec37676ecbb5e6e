package org.vdpacompute.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction that wrote is in the H2 file when it returns, though H2 itself commits in memory
 * and writes up to half a second later: a copy of the file taken at that moment, as a controller
 * killed then would leave it, has the row.
 */
class H2GroupCommitTest {
  private static final Instant NOW = Instant.parse("2024-05-06T07:08:09Z");

  @TempDir Path dir;

  @Test
  void aTransactionThatReturnedIsInTheFile() throws Exception {
    try (Database database = Database.open(url(dir.resolve("db")))) {
      database.useTransaction(h -> AppSettingsRoundTripTest.insert(h, "claim", "compute-1", NOW));

      Path copy = copyOfTheFile("db");

      assertThat(keysIn(copy)).containsExactly("claim");
    }
  }

  @Test
  void concurrentTransactionsThatReturnedAreAllInTheFile() throws Exception {
    try (Database database = Database.open(url(dir.resolve("db")))) {
      ExecutorService threads = Executors.newFixedThreadPool(8);
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String key = "key-" + i;
        writes.add(threads.submit(() -> database.useTransaction(h -> AppSettingsRoundTripTest.insert(h, key, "v", NOW))));
      }
      for (Future<?> write : writes) write.get();
      threads.shutdown();

      Path copy = copyOfTheFile("db");

      assertThat(keysIn(copy)).hasSize(200);
    }
  }

  @Test
  void onlyATransactionThatChangedRowsWaitsForAWrite() throws SQLException {
    JdbcUrl url = JdbcUrl.parse(url(dir.resolve("db")));
    try (HikariDataSource pool = ConnectionPool.open(url, DatabaseSettings.of(url.value()));
        Durability durability = H2GroupCommit.of(pool, url);
        Connection connection = pool.getConnection()) {
      connection.createStatement().execute("CREATE TABLE t (k INT)");
      connection.commit();

      connection.createStatement().executeQuery("SELECT COUNT(*) FROM t").close();
      assertThat(durability.wrote(connection)).isFalse();
      connection.commit();

      connection.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
      assertThat(durability.wrote(connection)).isTrue();
      connection.commit();
    }
  }

  @Test
  void aDatabaseInMemoryCommitsAsH2Does() throws SQLException {
    JdbcUrl url = JdbcUrl.parse("jdbc:h2:mem:group-commit-test");
    try (HikariDataSource pool = ConnectionPool.open(url, DatabaseSettings.of(url.value()))) {
      assertThat(H2GroupCommit.of(pool, url)).isSameAs(Durability.AT_COMMIT);
    }
  }

  private static String url(Path database) {
    return "jdbc:h2:file:" + database;
  }

  private Path copyOfTheFile(String name) throws Exception {
    Path copy = Files.createDirectories(dir.resolve("copy"));
    Files.copy(dir.resolve(name + ".mv.db"), copy.resolve(name + ".mv.db"));
    return copy.resolve(name);
  }

  private static List<String> keysIn(Path database) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + database);
        ResultSet rows = connection.createStatement().executeQuery("SELECT name FROM app_settings")) {
      while (rows.next()) keys.add(rows.getString(1));
    }
    return keys;
  }
}

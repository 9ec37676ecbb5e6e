package org.vdpacompute.app.config;

import java.nio.file.Path;

/**
 * {@code [database]}: the controller's database.
 *
 * @param connection a JDBC URL of H2 ({@code jdbc:h2:...}) or PostgreSQL
 *     ({@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P}); it may hold a password, so
 *     {@link #toString()} masks it
 */
public record DatabaseSection(String connection) {
  private static final String H2 = "jdbc:h2:";
  private static final String POSTGRESQL = "jdbc:postgresql:";

  /** @throws IllegalArgumentException if the URL is of neither database */
  public DatabaseSection {
    if (connection == null || !(hasBody(connection, H2) || hasBody(connection, POSTGRESQL))) {
      throw new IllegalArgumentException(
          "is not a JDBC URL of H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql://HOST:PORT/DB)");
    }
  }

  private static boolean hasBody(String url, String prefix) {
    return url.startsWith(prefix) && url.length() > prefix.length();
  }

  /** The embedded database under the state path: {@code jdbc:h2:file:STATE_PATH/vdpa-compute}. */
  public static DatabaseSection embeddedUnder(Path statePath) {
    return new DatabaseSection(H2 + "file:" + statePath + "/vdpa-compute");
  }

  @Override
  public String toString() {
    return "DatabaseSection[connection=" + Option.DATABASE_CONNECTION.display(connection) + "]";
  }
}

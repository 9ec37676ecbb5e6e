package org.vdpacompute.store.network;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.argument.Argument;

/**
 * Instants to and from {@code TIMESTAMP WITH TIME ZONE} columns. They are bound as UTC
 * {@link OffsetDateTime}s, which H2 and PostgreSQL both take as they are, rather than as
 * {@code java.sql.Timestamp}s (Jdbi's default for {@link Instant}), which pass through the JVM's
 * time zone. Both databases keep microseconds.
 */
final class Timestamps {
  private Timestamps() {}

  static Argument of(Instant instant) {
    OffsetDateTime utc = instant.atOffset(ZoneOffset.UTC);
    return (position, statement, context) -> statement.setObject(position, utc);
  }

  static Instant read(ResultSet row, String column) throws SQLException {
    return row.getObject(column, OffsetDateTime.class).toInstant();
  }
}

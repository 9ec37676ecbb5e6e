package org.vdpacompute.store;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vdpacompute.core.InvalidValueException;

/**
 * A JDBC URL of a database the store supports, as the operator wrote it in {@code [database]
 * connection}. It prints with its password masked, so that it can go into messages and logs.
 */
record JdbcUrl(String value, DatabaseKind kind) {
  static final String MASK = "***";
  /** {@code password=} of PostgreSQL's query string and of H2's {@code ;PASSWORD=} settings. */
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;\\s]*");
  /** {@code //user:password@host}, which some tools write though pgjdbc does not read it. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:\\s]+:)[^/@\\s]+@");

  /** Recognises the database from the URL's scheme; refuses any other. */
  static JdbcUrl parse(String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidValueException("database URL is empty");
    }
    String url = value.strip();
    String lower = url.toLowerCase(Locale.ROOT);
    for (DatabaseKind kind : DatabaseKind.values()) {
      if (lower.startsWith(kind.scheme())) {
        return new JdbcUrl(url, kind);
      }
    }
    throw new InvalidValueException("database URL " + mask(url) + " is not supported: expected "
        + "jdbc:h2:file:PATH or jdbc:postgresql://HOST:PORT/DB?user=U&password=P");
  }

  /** The URL given to the driver: the operator's, plus the options the store relies on. */
  String forDriver() {
    return kind.connectionUrl(value);
  }

  String masked() {
    return mask(value);
  }

  /** The text with this URL, and any password written like one, masked. */
  String maskIn(String text) {
    if (text == null) {
      return null;
    }
    String withoutUrl = text.replace(forDriver(), masked()).replace(value, masked());
    return mask(withoutUrl);
  }

  @Override
  public String toString() {
    return masked();
  }

  private static String mask(String text) {
    String masked = PASSWORD_PARAMETER.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    return USER_INFO.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
  }
}

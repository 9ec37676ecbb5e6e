package org.vdpacompute.store;

import java.util.Locale;

/** The databases the store runs on, told apart by the JDBC URL's scheme. */
enum DatabaseKind {
  /**
   * The embedded default: a file one process owns (H2 locks it against a second process, so two
   * controllers need PostgreSQL).
   */
  H2("jdbc:h2:") {
    @Override
    String connectionUrl(String url) {
      // WRITE_DELAY=0: H2 otherwise writes committed transactions to its file up to half a second
      // later, and a controller killed in that window would forget claims it already reported as
      // made. This writes at commit, without fsync: the data survives the process at once, and a
      // power failure once FileSync has forced the file to the disk, within a second.
      // QUERY_CACHE_SIZE: each connection keeps this many parsed statements; H2's default of 8 is
      // fewer than a boot uses, so every statement was parsed again.
      // RETENTION_TIME: FileSync forces the file to the disk every second, so replaced data need
      // not be kept H2's 45 s for a disk that may not have what replaced it.
      return withDefault(withDefault(withDefault(url, "WRITE_DELAY", "0"), "QUERY_CACHE_SIZE", "256"),
          "RETENTION_TIME", Long.toString(H2_RETENTION_MS));
    }
  },
  /** The production mode: one server that several controllers share. */
  POSTGRESQL("jdbc:postgresql:") {
    @Override
    String connectionUrl(String url) {
      return url;
    }
  };

  /**
   * How long H2 keeps the space of replaced data: several of {@link FileSync}'s intervals, so that
   * a sync that takes a few seconds still finishes before the space is written over.
   */
  static final long H2_RETENTION_MS = 5 * FileSync.INTERVAL.toMillis();

  private final String scheme;

  DatabaseKind(String scheme) {
    this.scheme = scheme;
  }

  String scheme() {
    return scheme;
  }

  /** The operator's URL with the options the store relies on, unless the operator set them. */
  abstract String connectionUrl(String url);

  /** Appends an H2 setting ({@code ;NAME=VALUE}) unless the URL already has one by that name. */
  private static String withDefault(String url, String name, String value) {
    String upper = url.toUpperCase(Locale.ROOT);
    return upper.contains(";" + name + "=") ? url : url + ";" + name + "=" + value;
  }
}

package org.vdpacompute.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's log level: info, or debug with {@code --debug} or {@code [DEFAULT] debug = true}.
 * Debug is for vdpa-compute's own lines only: the libraries' debug lines (Jetty's, Jdbi's, the JDBC
 * drivers') say nothing an operator of this program can act on, and would bury ours.
 */
final class Logging {
  private static final String OURS = "org.vdpacompute";

  private Logging() {}

  static void debug() {
    ((Logger) LoggerFactory.getLogger(OURS)).setLevel(Level.DEBUG);
  }
}

package org.vdpacompute.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What a logger (and the loggers below it) logs at info and above while this is open, whatever the
 * test logging configuration's level. Tests run side by side, so a test keeps the events it caused
 * (by request id, by server) and leaves the others.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level before;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(String name) {
    this.logger = (Logger) LoggerFactory.getLogger(name);
    this.before = logger.getLevel();
    appender.start();
    logger.setLevel(Level.INFO);
    logger.addAppender(appender);
  }

  public static LogCapture info(String loggerName) {
    return new LogCapture(loggerName);
  }

  /** The events so far. */
  public List<ILoggingEvent> events() {
    // The appender adds under its own lock.
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(before);
  }
}

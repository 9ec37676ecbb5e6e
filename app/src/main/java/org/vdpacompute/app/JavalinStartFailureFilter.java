package org.vdpacompute.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the line Javalin logs when it cannot start ("Failed to start Javalin"), just before it
 * throws. The failure reaches the operator once, as the command's one line on standard error,
 * which names the address and the key that set it; a second, vaguer line would break the promise
 * that a refused start is one line. Every other line of Javalin's passes.
 */
public final class JavalinStartFailureFilter extends TurboFilter {
  static final String LOGGER = "io.javalin.Javalin";
  static final String MESSAGE = "Failed to start Javalin";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    return LOGGER.equals(logger.getName()) && MESSAGE.equals(format) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}

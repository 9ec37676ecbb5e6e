package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * A clock that tells time to the microsecond, as the databases keep it: what is written is then
 * what is read back, so a record compares equal to itself after a round trip through the store.
 */
final class MicrosecondClock extends Clock {
  private final Clock clock;

  MicrosecondClock(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Instant instant() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  @Override
  public ZoneId getZone() {
    return clock.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MicrosecondClock(clock.withZone(zone));
  }
}

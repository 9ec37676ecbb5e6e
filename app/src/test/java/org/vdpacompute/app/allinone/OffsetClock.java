package org.vdpacompute.app.allinone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock moved by an offset a test sets: to issue a token that has already expired, say. */
final class OffsetClock extends Clock {
  private volatile Duration offset = Duration.ZERO;

  void set(Duration offset) {
    this.offset = offset;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("an offset clock is in UTC");
  }
}

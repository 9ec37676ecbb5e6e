package org.vdpacompute.controller.placement;

import java.time.Instant;

/**
 * The record of one compute agent, as {@code os-services} shows it: reported as binary
 * {@code nova-compute} so that existing tools find it.
 *
 * @param lastSeenAt the last registration or heartbeat
 * @param heartbeatIntervalSeconds how often the host's agent said it beats
 * @param registrations how many times the host registered: a new count means a new report
 */
public record ComputeService(
    String id,
    String host,
    int version,
    boolean disabled,
    String disabledReason,
    boolean forcedDown,
    Instant lastSeenAt,
    Instant createdAt,
    String agentUrl,
    int heartbeatIntervalSeconds,
    long registrations) {

  public static final String BINARY = "nova-compute";

  /** Heartbeats a host may miss before it is reported down. */
  public static final int MISSED_BEATS = 6;

  /** Up when neither forced down nor silent for longer than six of its own heartbeat intervals. */
  public boolean isUp(Instant now) {
    return !forcedDown && !silentAfter().isBefore(now);
  }

  /** The last instant at which the host is still up without another heartbeat (unless forced down). */
  public Instant silentAfter() {
    return lastSeenAt.plusSeconds((long) MISSED_BEATS * heartbeatIntervalSeconds);
  }

  public ComputeService withStatus(boolean disabled, String reason) {
    return new ComputeService(id, host, version, disabled, disabled ? reason : null, forcedDown, lastSeenAt, createdAt, agentUrl,
        heartbeatIntervalSeconds, registrations);
  }

  public ComputeService withForcedDown(boolean down) {
    return new ComputeService(id, host, version, disabled, disabledReason, down, lastSeenAt, createdAt, agentUrl,
        heartbeatIntervalSeconds, registrations);
  }

  /** Seen at {@code at}, or at the time it was last seen if that is later. */
  public ComputeService seenAt(Instant at) {
    return at.isAfter(lastSeenAt)
        ? new ComputeService(id, host, version, disabled, disabledReason, forcedDown, at, createdAt, agentUrl,
            heartbeatIntervalSeconds, registrations)
        : this;
  }
}

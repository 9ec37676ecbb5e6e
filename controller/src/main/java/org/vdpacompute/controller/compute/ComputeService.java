package org.vdpacompute.controller.compute;

import java.time.Instant;

/**
 * The record of one compute agent, as {@code os-services} shows it: reported as binary
 * {@code nova-compute} so that existing tools find it.
 *
 * @param lastSeenAt the last registration or heartbeat
 * @param heartbeatIntervalSeconds how often the host's agent said it beats
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
    int heartbeatIntervalSeconds) {

  public static final String BINARY = "nova-compute";

  /** Heartbeats a host may miss before it is reported down. */
  public static final int MISSED_BEATS = 6;

  /** Up when neither forced down nor silent for longer than six of its own heartbeat intervals. */
  public boolean isUp(Instant now) {
    return !forcedDown && !lastSeenAt.plusSeconds((long) MISSED_BEATS * heartbeatIntervalSeconds).isBefore(now);
  }

  public ComputeService withStatus(boolean disabled, String reason) {
    return new ComputeService(id, host, version, disabled, disabled ? reason : null, forcedDown, lastSeenAt, createdAt, agentUrl,
        heartbeatIntervalSeconds);
  }

  public ComputeService withForcedDown(boolean down) {
    return new ComputeService(id, host, version, disabled, disabledReason, down, lastSeenAt, createdAt, agentUrl,
        heartbeatIntervalSeconds);
  }
}

package org.vdpacompute.controller.compute;

import java.time.Instant;

/**
 * The record of one compute agent, as {@code os-services} shows it: reported as binary
 * {@code nova-compute} so that existing tools find it.
 *
 * @param lastSeenAt the last registration or heartbeat
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
    String agentUrl) {

  public static final String BINARY = "nova-compute";

  /** Up when neither forced down nor silent for longer than {@code downAfter}. */
  public boolean isUp(Instant now, java.time.Duration downAfter) {
    return !forcedDown && !lastSeenAt.plus(downAfter).isBefore(now);
  }

  public ComputeService withStatus(boolean disabled, String reason) {
    return new ComputeService(id, host, version, disabled, disabled ? reason : null, forcedDown, lastSeenAt, createdAt, agentUrl);
  }

  public ComputeService withForcedDown(boolean down) {
    return new ComputeService(id, host, version, disabled, disabledReason, down, lastSeenAt, createdAt, agentUrl);
  }
}

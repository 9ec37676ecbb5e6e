package org.vdpacompute.benchmarks.boot;

/**
 * One server's boot as its client saw it.
 *
 * @param portCreateMs the port's {@code POST}
 * @param serverCreateMs the server's {@code POST}, answered 202 when the build is queued
 * @param toActiveMs from the start of the server's {@code POST} to the poll that saw it ACTIVE
 * @param seenAtNanos when that poll answered, on {@link System#nanoTime()}'s clock
 * @param polls the {@code GET}s of the server it took
 * @param outcome {@code ACTIVE}, or what else became of it
 */
record Boot(String serverId, String portId, double portCreateMs, double serverCreateMs, double toActiveMs,
    long seenAtNanos, int polls, String outcome) {
  static final String ACTIVE = "ACTIVE";

  boolean active() {
    return ACTIVE.equals(outcome);
  }
}

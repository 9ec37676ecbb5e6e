package org.vdpacompute.api.compute;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.Locale;
import org.vdpacompute.api.http.ApiMetrics;
import org.vdpacompute.controller.placement.ClaimingScheduler;

/**
 * {@code vdpa_scheduling_requests_total{outcome}}: placed, no valid host, or lost to concurrent
 * claims; {@code vdpa_scheduling_duration_seconds}, how long choosing and claiming took; and
 * {@code vdpa_scheduling_ranking_duration_seconds}, the part of it spent ranking the hosts, without
 * the claims' database writes, which wait on every other write to the database.
 */
public final class SchedulingMetrics {
  private SchedulingMetrics() {}

  /** Bounds fine at the low end, where scheduling should be: a millisecond apart up to 5 ms. */
  private static final double[] BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01,
      0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  /** A sink for the scheduler's outcomes that counts them in the controller's registry. */
  public static ClaimingScheduler.Observer register(ApiMetrics metrics) {
    Counter outcomes = Counter.builder()
        .name("vdpa_scheduling_requests_total").help("Scheduling requests by outcome")
        .labelNames("outcome")
        .register(metrics.registry());
    for (ClaimingScheduler.Outcome o : ClaimingScheduler.Outcome.values()) {
      outcomes.labelValues(o.name().toLowerCase(Locale.ROOT)).inc(0);
    }
    Histogram duration = Histogram.builder()
        .name("vdpa_scheduling_duration_seconds").help("Time to choose a host and claim its devices")
        .classicOnly().classicUpperBounds(BUCKETS)
        .register(metrics.registry());
    Histogram ranking = Histogram.builder()
        .name("vdpa_scheduling_ranking_duration_seconds").help("Time spent ranking hosts, claims not included")
        .classicOnly().classicUpperBounds(BUCKETS)
        .register(metrics.registry());
    return (o, nanos, rankingNanos) -> {
      outcomes.labelValues(o.name().toLowerCase(Locale.ROOT)).inc();
      duration.observe(nanos / 1e9);
      ranking.observe(rankingNanos / 1e9);
    };
  }
}

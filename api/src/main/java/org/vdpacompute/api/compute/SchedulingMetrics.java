package org.vdpacompute.api.compute;

import io.prometheus.metrics.core.metrics.Counter;
import java.util.Locale;
import java.util.function.Consumer;
import org.vdpacompute.api.http.ApiMetrics;
import org.vdpacompute.controller.compute.ClaimingScheduler;

/** {@code vdpa_scheduling_requests_total{outcome}}: placed, no valid host, or lost to concurrent claims. */
public final class SchedulingMetrics {
  private SchedulingMetrics() {}

  /** A sink for the scheduler's outcomes that counts them in the controller's registry. */
  public static Consumer<ClaimingScheduler.Outcome> register(ApiMetrics metrics) {
    Counter outcomes = Counter.builder()
        .name("vdpa_scheduling_requests_total").help("Scheduling requests by outcome")
        .labelNames("outcome")
        .register(metrics.registry());
    for (ClaimingScheduler.Outcome o : ClaimingScheduler.Outcome.values()) {
      outcomes.labelValues(o.name().toLowerCase(Locale.ROOT)).inc(0);
    }
    return o -> outcomes.labelValues(o.name().toLowerCase(Locale.ROOT)).inc();
  }
}

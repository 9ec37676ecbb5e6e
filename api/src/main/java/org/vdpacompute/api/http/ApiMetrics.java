package org.vdpacompute.api.http;

import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What the listener counts for {@code GET /metrics}: requests by service, route, method and status,
 * and their latency by service and route; and the JVM's collections (count and time, by collector) and memory,
 * since a collection's pause is in every request it meets. Other parts register their own metrics
 * in the same registry.
 *
 * <p>Every label value comes from a closed set: the services, the routes as registered
 * ({@code /compute/v2.1/servers/{id}}, never the path requested) or {@code unmatched}, the methods
 * and statuses HTTP has. So a client that asks for made-up URLs cannot grow the registry, and
 * a scrape stays the same size however the API is used.
 */
public final class ApiMetrics {
  private static final String START = "vdpa.start_nanos";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests = Counter.builder()
      .name("vdpa_http_requests_total").help("HTTP requests served, by service, route, method and status")
      .labelNames("service", "route", "method", "status").register(registry);
  private final Histogram latency = Histogram.builder()
      .name("vdpa_http_request_duration_seconds").help("Time to serve an HTTP request, by service and route")
      .labelNames("service", "route").register(registry);

  public ApiMetrics() {
    JvmGarbageCollectorMetrics.builder().register(registry);
    JvmMemoryMetrics.builder().register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  void begin(Context ctx) {
    ctx.attribute(START, System.nanoTime());
  }

  /**
   * @param service the service's name ({@code compute}), or {@code none}
   * @param route the route matched, as registered, or {@code unmatched}
   */
  void end(Context ctx, String service, String route) {
    Long start = ctx.attribute(START);
    requests.labelValues(service, route, ctx.method().name(), Integer.toString(ctx.statusCode())).inc();
    if (start != null) latency.labelValues(service, route).observe((System.nanoTime() - start) / 1e9);
  }
}

package org.vdpacompute.api.http;

import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What the listener counts for {@code GET /metrics}: requests by service, method and status, and
 * their latency by service; and the JVM's collections (count and time, by collector) and memory,
 * since a collection's pause is in every request it meets. Other parts register their own metrics
 * in the same registry.
 */
public final class ApiMetrics {
  private static final String START = "vdpa.start_nanos";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests = Counter.builder()
      .name("vdpa_http_requests_total").help("HTTP requests served, by service, method and status")
      .labelNames("service", "method", "status").register(registry);
  private final Histogram latency = Histogram.builder()
      .name("vdpa_http_request_duration_seconds").help("Time to serve an HTTP request, by service")
      .labelNames("service").register(registry);

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

  void end(Context ctx) {
    Long start = ctx.attribute(START);
    String service = service(ctx.path());
    requests.labelValues(service, ctx.method().name(), Integer.toString(ctx.statusCode())).inc();
    if (start != null) latency.labelValues(service).observe((System.nanoTime() - start) / 1e9);
  }

  /** The first path segment: identity, compute, networking, image, agent, metrics. */
  private static String service(String path) {
    int end = path.indexOf('/', 1);
    String first = end < 0 ? path.substring(1) : path.substring(1, end);
    return first.isEmpty() ? "root" : first;
  }
}

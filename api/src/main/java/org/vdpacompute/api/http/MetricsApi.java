package org.vdpacompute.api.http;

import io.javalin.Javalin;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;

/** {@code GET /metrics} in Prometheus' text format, for a scraper on the controller's own network. */
public final class MetricsApi implements ServiceApi {
  private final ApiMetrics metrics;

  public MetricsApi(ApiMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public String prefix() {
    return "/metrics";
  }

  @Override
  public ErrorShape errorShape() {
    return ErrorShape.IDENTITY;
  }

  @Override
  public void addRoutes(Javalin app) {
    // Open: a Prometheus server scrapes without an OpenStack token. What it shows is bounded
    // (ApiMetrics labels by route, never by path) and holds no secret; see docs/security.md.
    app.get("/metrics", ctx -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new PrometheusTextFormatWriter(false).write(out, metrics.registry().scrape());
      ctx.contentType(PrometheusTextFormatWriter.CONTENT_TYPE).result(out.toByteArray());
    }, Access.PUBLIC);
  }
}

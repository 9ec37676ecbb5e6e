package org.vdpacompute.benchmarks.boot;

import static org.vdpacompute.benchmarks.Figures.round;
import static org.vdpacompute.benchmarks.boot.CloudClient.JSON;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/** The controller's {@code /metrics} text at one moment: its histograms and its collections so far. */
record ControllerMetrics(String text) {
  static final ControllerMetrics NONE = new ControllerMetrics("");
  private static final String REQUESTS = "vdpa_http_requests_total";

  static ControllerMetrics read(URI controller) throws IOException, InterruptedException {
    return new ControllerMetrics(HttpClient.newHttpClient().send(HttpRequest.newBuilder(controller.resolve("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  /**
   * The controller's garbage collections since {@code earlier}, every collector together: how
   * many, and their pauses' total and mean (each stops every request it meets).
   */
  ObjectNode collectionsSince(ControllerMetrics earlier) {
    double count = total("jvm_gc_collection_seconds_count{") - earlier.total("jvm_gc_collection_seconds_count{");
    double seconds = total("jvm_gc_collection_seconds_sum{") - earlier.total("jvm_gc_collection_seconds_sum{");
    return JSON.createObjectNode().put("count", (long) count).put("pause_total_ms", round(seconds * 1000))
        .put("pause_mean_ms", count == 0 ? 0 : round(seconds * 1000 / count));
  }

  /**
   * The HTTP requests the controller served since {@code earlier}, per unit of work (a boot): in
   * all, and by method and route (every status together), the most frequent first. A figure that
   * the machine's load does not change.
   */
  ObjectNode requestsSince(ControllerMetrics earlier, int units) {
    Map<String, Double> now = requestsByRoute();
    Map<String, Double> before = earlier.requestsByRoute();
    ObjectNode out = JSON.createObjectNode();
    out.put("total", round((total(REQUESTS + "{") - earlier.total(REQUESTS + "{")) / units));
    ObjectNode byRoute = out.putObject("by_route");
    now.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> byRoute.put(e.getKey(), round(e.getValue() / units)));
    return out;
  }

  /** Requests served so far by {@code "METHOD route"}. */
  private Map<String, Double> requestsByRoute() {
    Map<String, Double> counts = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith(REQUESTS + "{")) {
        counts.merge(label(line, "method") + " " + label(line, "route"), Counts.value(line), Double::sum);
      }
    }
    return counts;
  }

  /** The value of one label of a sample line, {@code name="value"}. */
  private static String label(String line, String name) {
    int start = line.indexOf(name + "=\"") + name.length() + 2;
    return line.substring(start, line.indexOf('"', start));
  }

  /** The sum of the samples whose lines start with {@code prefix}. */
  private double total(String prefix) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(prefix)) sum += Counts.value(line);
    }
    return sum;
  }

  /**
   * p50, p99 and mean of one histogram over what it observed since {@code earlier}: the upper
   * bound of the bucket where each quantile falls, so as fine as the histogram's buckets.
   */
  ObjectNode since(ControllerMetrics earlier, String histogram) {
    Counts now = Counts.of(text, histogram);
    Counts before = Counts.of(earlier.text, histogram);
    double count = now.count - before.count;
    double sum = now.sum - before.sum;
    ObjectNode q = JSON.createObjectNode();
    q.put("requests", (long) count).put("mean", count == 0 ? 0 : round(sum / count * 1000));
    for (double quantile : new double[] {0.5, 0.99}) {
      double bound = Double.NaN;
      for (Map.Entry<Double, Double> b : now.buckets.entrySet()) {
        if (b.getValue() - before.buckets.getOrDefault(b.getKey(), 0.0) >= quantile * count) {
          bound = b.getKey();
          break;
        }
      }
      String name = quantile == 0.5 ? "p50_at_most" : "p99_at_most";
      if (Double.isInfinite(bound)) {
        q.put(name, "over the last bucket, " + round(now.buckets.lowerKey(bound) * 1000) + " ms");
      } else {
        q.put(name, round(bound * 1000));
      }
    }
    return q;
  }

  /** One histogram's cumulative bucket counts by upper bound, its count and its sum. */
  private record Counts(TreeMap<Double, Double> buckets, double count, double sum) {
    static Counts of(String text, String histogram) {
      TreeMap<Double, Double> buckets = new TreeMap<>();
      double count = 0;
      double sum = 0;
      for (String line : text.split("\n")) {
        if (line.startsWith(histogram + "_bucket{le=\"")) {
          String le = line.substring(line.indexOf("le=\"") + 4, line.indexOf("\"}"));
          buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value(line));
        } else if (line.startsWith(histogram + "_count ")) {
          count = value(line);
        } else if (line.startsWith(histogram + "_sum ")) {
          sum = value(line);
        }
      }
      return new Counts(buckets, count, sum);
    }

    static double value(String line) {
      return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
  }
}

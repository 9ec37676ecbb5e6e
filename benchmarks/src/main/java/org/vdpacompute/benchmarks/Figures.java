package org.vdpacompute.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/** How the benchmarks write their figures: latencies as mean, p50, p95, p99 and max; four decimals. */
public final class Figures {
  private Figures() {}

  /** Mean, p50, p95, p99 and max of the samples, in their unit; an empty object for no samples. */
  public static ObjectNode latency(ObjectMapper json, double[] samples) {
    ObjectNode node = json.createObjectNode();
    if (samples.length == 0) return node;
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    node.put("mean", round(Arrays.stream(sorted).average().orElse(0)));
    for (double q : new double[] {0.50, 0.95, 0.99}) {
      node.put("p" + Math.round(q * 100), round(percentile(sorted, q)));
    }
    node.put("max", round(sorted[sorted.length - 1]));
    return node;
  }

  /** The nearest-rank percentile {@code q} (0 to 1) of samples sorted ascending. */
  public static double percentile(double[] sorted, double q) {
    int idx = (int) Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
    return sorted[idx];
  }

  public static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  public static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}

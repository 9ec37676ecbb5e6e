package org.vdpacompute.core.pci.pool;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Distributes request demands over pool capacities, each request only to the pools it may use:
 * a tiny transportation problem. A greedy pass settles the common cases; when it fails, an exact
 * max-flow (Edmonds-Karp on the request/pool graph) decides, so that a set of requests is never
 * refused only because an earlier request took a pool a later one needed.
 */
final class TransportSolver {
  private TransportSolver() {}

  /**
   * @param demand devices each request needs
   * @param capacity devices each pool can give
   * @param allowed allowed[r][p]: request r may use pool p
   * @return flow[r][p] meeting every demand, or null when none exists
   */
  static int[][] solve(int[] demand, int[] capacity, boolean[][] allowed) {
    int[][] greedy = greedy(demand, capacity, allowed);
    return greedy != null ? greedy : maxFlow(demand, capacity, allowed);
  }

  private static int[][] greedy(int[] demand, int[] capacity, boolean[][] allowed) {
    int[] left = capacity.clone();
    int[][] flow = new int[demand.length][capacity.length];
    for (int r = 0; r < demand.length; r++) {
      int need = demand[r];
      for (int p = 0; p < capacity.length && need > 0; p++) {
        if (allowed[r][p] && left[p] > 0) {
          int take = Math.min(need, left[p]);
          flow[r][p] = take;
          left[p] -= take;
          need -= take;
        }
      }
      if (need > 0) return null;
    }
    return flow;
  }

  private static int[][] maxFlow(int[] demand, int[] capacity, boolean[][] allowed) {
    int requests = demand.length;
    int pools = capacity.length;
    // nodes: 0 source, 1..R requests, R+1..R+P pools, R+P+1 sink
    int n = requests + pools + 2;
    int source = 0;
    int sink = n - 1;
    int[][] cap = new int[n][n];
    int total = 0;
    for (int r = 0; r < requests; r++) {
      cap[source][1 + r] = demand[r];
      total += demand[r];
      for (int p = 0; p < pools; p++) {
        if (allowed[r][p]) cap[1 + r][1 + requests + p] = demand[r];
      }
    }
    for (int p = 0; p < pools; p++) cap[1 + requests + p][sink] = capacity[p];

    int[][] residual = new int[n][];
    for (int i = 0; i < n; i++) residual[i] = cap[i].clone();
    int flowed = 0;
    int[] prev = new int[n];
    while (true) {
      Arrays.fill(prev, -1);
      prev[source] = source;
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      queue.add(source);
      while (!queue.isEmpty() && prev[sink] < 0) {
        int u = queue.poll();
        for (int v = 0; v < n; v++) {
          if (prev[v] < 0 && residual[u][v] > 0) {
            prev[v] = u;
            queue.add(v);
          }
        }
      }
      if (prev[sink] < 0) break;
      int push = Integer.MAX_VALUE;
      for (int v = sink; v != source; v = prev[v]) push = Math.min(push, residual[prev[v]][v]);
      for (int v = sink; v != source; v = prev[v]) {
        residual[prev[v]][v] -= push;
        residual[v][prev[v]] += push;
      }
      flowed += push;
    }
    if (flowed < total) return null;
    int[][] flow = new int[requests][pools];
    for (int r = 0; r < requests; r++) {
      for (int p = 0; p < pools; p++) {
        int from = 1 + r;
        int to = 1 + requests + p;
        flow[r][p] = Math.max(0, cap[from][to] - residual[from][to]);
      }
    }
    return flow;
  }
}

package org.vdpacompute.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vdpacompute.core.pci.pool.FitPlan;
import org.vdpacompute.core.pci.pool.FitQuery;

/**
 * Chooses hosts for an instance, from host states kept in memory: a pure function of the request
 * and the states.
 *
 * <p>Design. Filters run in order and the first that refuses a host removes it; the count each
 * filter removed goes into the refusal, so that "no valid host" says why. The hosts that pass are
 * weighed (each weigher normalised over the candidates, as Nova does) and returned best first (equal
 * weights in the order the hosts were given), each with its NUMA cells and PCI plan. The caller
 * claims on the first and, if that claim loses a race with another request (the database is the
 * arbiter), tries the next: the scheduler never claims.
 * A large cloud can be given as windows of hosts: the first window with a host that fits is
 * weighed, so that a request's cost stops growing with the cloud, and "no valid host" is said only
 * once every window has been looked at.
 * Why each host was refused is not worked out here: {@link #explain} runs the same filters again
 * and has each say why, for whoever asks and once scheduling has failed, so that the reasons'
 * lookups and strings cost the scheduling path nothing.
 */
public final class Scheduler {
  private final List<HostFilter> filters = List.of(
      new ComputeFilter(), new HostListFilter(), new OffloadedSwitchFilter(), new ResourceFilter(), new NumaTopologyFilter(),
      new PciPassthroughFilter());
  private final List<HostWeigher> weighers = List.of(new RamWeigher(), new PciWeigher());

  /**
   * Hosts that can take the instance, best first, at most {@code limit}.
   *
   * @throws NoValidHostException when none can, naming the filters that removed them
   */
  public List<Placement> schedule(ScheduleRequest request, Collection<HostState> hosts, int limit) {
    return schedule(request, List.of(hosts).iterator(), limit);
  }

  /**
   * Hosts that can take the instance, best first, at most {@code limit}, from the first of the
   * windows where any host passes the filters: the hosts of later windows are not looked at.
   *
   * @throws NoValidHostException when no host of any window can, naming the filters that removed them
   */
  public List<Placement> schedule(ScheduleRequest request, Iterator<? extends Collection<HostState>> windows, int limit) {
    FitQuery pciQuery = FitQuery.of(request.pciRequests());
    HostFilter[] applying = applying(request);
    Candidates candidates = new Candidates();
    while (candidates.passed.isEmpty() && windows.hasNext()) {
      filter(windows.next(), request, applying, pciQuery, candidates);
    }
    if (candidates.passed.isEmpty()) throw noValidHost(candidates);
    double[] weights = weigh(candidates.passed, request);
    return placements(candidates, pciQuery, weights, limit);
  }

  /**
   * The hosts that passed the filters so far, each with what the filters found, and per filter the
   * hosts it removed.
   */
  private static final class Candidates {
    final List<HostState> passed = new ArrayList<>();
    final List<Evaluation> evaluations = new ArrayList<>();
    final Map<String, Integer> removedBy = new LinkedHashMap<>();
    boolean anyHost;
  }

  // The steps of a request are methods of their own so that the JIT compiles each by itself: as
  // one method, inlined whole, the scheduler took C2 over a second to compile, and any speculation
  // of that code that a later request broke threw all of it away to be compiled again.

  private void filter(Collection<HostState> window, ScheduleRequest request, HostFilter[] applying, FitQuery pciQuery,
      Candidates candidates) {
    for (HostState host : window) {
      candidates.anyHost = true;
      Evaluation evaluation = new Evaluation(pciQuery);
      HostFilter refusing = refusing(host, request, applying, evaluation);
      if (refusing == null) {
        candidates.passed.add(host);
        candidates.evaluations.add(evaluation);
      } else {
        candidates.removedBy.merge(refusing.name(), 1, Integer::sum);
      }
    }
  }

  /** The filters that may refuse a host for the request, in their order. */
  private HostFilter[] applying(ScheduleRequest request) {
    return filters.stream().filter(f -> f.appliesTo(request)).toArray(HostFilter[]::new);
  }

  /** The first of the filters that removes the host, or null when it passes them all. */
  private static HostFilter refusing(HostState host, ScheduleRequest request, HostFilter[] applying, Evaluation evaluation) {
    for (HostFilter f : applying) {
      if (!f.passes(host, request, evaluation)) return f;
    }
    return null;
  }

  /**
   * The refusal, counting the candidate hosts each filter removed; hosts that were never candidates
   * (down, disabled, excluded by the request) are counted apart, so that a cloud of disabled hosts
   * does not read as hosts that lacked room.
   */
  private NoValidHostException noValidHost(Candidates candidates) {
    if (!candidates.anyHost) {
      return new NoValidHostException("No valid host was found. There are not enough hosts available: no compute hosts are known");
    }
    int candidateHosts = 0;
    int others = 0;
    List<String> removed = new ArrayList<>();
    for (Map.Entry<String, Integer> e : candidates.removedBy.entrySet()) {
      if (screensCandidates(e.getKey())) {
        others += e.getValue();
      } else {
        candidateHosts += e.getValue();
        removed.add(e.getKey() + " removed " + hosts(e.getValue(), "host"));
      }
    }
    return new NoValidHostException("No valid host was found. There are not enough hosts available: "
        + (candidateHosts == 0 ? "no candidate hosts" : "of " + hosts(candidateHosts, "candidate host") + ", " + String.join(", ", removed))
        + (others == 0 ? "" : "; " + hosts(others, "host") + " down, disabled or excluded by the request"));
  }

  private boolean screensCandidates(String filterName) {
    for (HostFilter f : filters) {
      if (f.name().equals(filterName)) return f.screensCandidates();
    }
    throw new IllegalStateException("no filter named " + filterName);
  }

  private static String hosts(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  /**
   * For every host, whether the request fits it and, if not, which filter refused it and why. The
   * same filters decide as when scheduling; only here do they say why, each refused host's facts
   * fetched as it is explained. Off the scheduling path: for an administrator who asks, and once
   * scheduling has failed.
   */
  public Explanation explain(ScheduleRequest request, Collection<HostState> hosts, Function<String, HostFacts> facts) {
    FitQuery pciQuery = FitQuery.of(request.pciRequests());
    HostFilter[] applying = applying(request);
    List<HostVerdict> verdicts = new ArrayList<>(hosts.size());
    for (HostState host : hosts) {
      Evaluation evaluation = new Evaluation(pciQuery);
      HostFilter refusing = refusing(host, request, applying, evaluation);
      verdicts.add(refusing == null ? new HostVerdict(host.host(), true, null)
          : new HostVerdict(host.host(), !refusing.screensCandidates(),
              refusing.explain(host, request, evaluation, facts.apply(host.host()))));
    }
    return new Explanation(verdicts);
  }

  private static List<Placement> placements(Candidates candidates, FitQuery pciQuery, double[] weights, int limit) {
    List<Placement> placements = new ArrayList<>();
    for (int i : best(weights, limit)) {
      HostState host = candidates.passed.get(i);
      Evaluation ev = candidates.evaluations.get(i);
      FitPlan plan = pciQuery.plan(host.pci(), ev.numa)
          .orElseThrow(() -> new IllegalStateException("the PCI filter passed a host the fitting cannot plan"));
      placements.add(new Placement(host.host(), ev.guestCells, ev.numa, plan, weights[i], host));
    }
    return placements;
  }

  /**
   * The indexes of the {@code limit} best hosts, best first: the highest weight, and among equal
   * weights the host given first, as Nova keeps the order of placement's candidates among equals.
   * Picked in one pass rather than by sorting every host, since a request wants a handful of a
   * thousand; and without looking at the hosts' names, which at ten thousand hosts cost a request
   * a walk to a thousand strings spread over the heap.
   */
  private static int[] best(double[] weights, int limit) {
    int[] top = new int[Math.min(limit, weights.length)];
    int size = 0;
    for (int i = 0; i < weights.length; i++) {
      int at = size;
      // A later host is better only by a higher weight: an equal one stays behind those given before it.
      while (at > 0 && weights[i] > weights[top[at - 1]]) at--;
      if (at == top.length) continue;
      System.arraycopy(top, at, top, at + 1, Math.min(size, top.length - 1) - at);
      top[at] = i;
      if (size < top.length) size++;
    }
    return top;
  }

  private double[] weigh(List<HostState> hosts, ScheduleRequest request) {
    double[] total = new double[hosts.size()];
    for (HostWeigher w : weighers) {
      double[] raw = new double[hosts.size()];
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (int i = 0; i < raw.length; i++) {
        raw[i] = w.weigh(hosts.get(i), request);
        min = Math.min(min, raw[i]);
        max = Math.max(max, raw[i]);
      }
      // The branch is taken once, not per host: a test inside the loop that came out one way for
      // as long as the JIT profiled it was hoisted out of the compiled loop, and the first request
      // that came out the other way threw the compiled scheduler away.
      double scale = max == min ? 0 : w.multiplier() / (max - min);
      for (int i = 0; i < raw.length; i++) {
        total[i] += (raw[i] - min) * scale;
      }
    }
    return total;
  }
}

package org.vdpacompute.core.pci.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.RequestSpec;

/**
 * Decides whether, and how, one instance's PCI requests fit a host's pools together: a pure
 * function of the requests, the pools and the guest's NUMA placement.
 *
 * <p>Design. A request may use a pool when one of its specs matches the pool's attributes (a key
 * missing from the pool compares as null), when the NUMA policy allows the pool's node, and only if
 * it asked for them, when the pool holds PFs, vDPA devices or remote-managed devices. Which requests
 * take how much of which pool is a transportation problem ({@link TransportSolver}). The PF/VF tree
 * makes it harder in one way: one instance must never get a PF and one of its VFs. So when PFs are
 * wanted, the fitting chooses which PFs to take whole (few per host), removes their VFs from the
 * child pools, and solves the rest; the plan then names the PF group of every device it takes, so
 * that the claim on the tracker can take exactly those. Nova's filter counts pools without the
 * tree and so passes [direct-physical, vdpa] on a single PF whose claim then fails; this one does not.
 *
 * <p>Matching a spec against a pool key is remembered per interned key, so checking a request
 * against a thousand hosts with the same kinds of pools costs an array look-up per pool. A query is
 * meant for one thread (the scheduler's request), not shared.
 */
public final class FitQuery {
  /** Bound on PF subsets tried per host; hosts have few PFs, so this is never reached in practice. */
  private static final int MAX_PF_SUBSETS = 4096;

  private static final byte UNKNOWN = 0;
  private static final byte MATCH = 1;
  private static final byte NO_MATCH = 2;

  private final List<PciRequest> requests;
  private final int[] demand;
  private final NumaPolicy[] policies;
  private byte[][] memo;

  private FitQuery(List<PciRequest> requests) {
    this.requests = List.copyOf(requests);
    this.demand = new int[this.requests.size()];
    this.policies = new NumaPolicy[this.requests.size()];
    for (int r = 0; r < demand.length; r++) {
      demand[r] = this.requests.get(r).count();
      policies[r] = this.requests.get(r).numaPolicy();
    }
    this.memo = new byte[demand.length][64];
  }

  public static FitQuery of(List<PciRequest> requests) {
    return new FitQuery(requests);
  }

  public List<PciRequest> requests() {
    return requests;
  }

  /** True when every request fits the host together. Same answer as {@code plan(...).isPresent()}. */
  public boolean fits(HostPools host, NumaPlacement numa) {
    if (requests.isEmpty()) return true;
    if (requests.size() == 1) {
      int quick = fitsSingle(host, numa, false);
      if (quick == 1) return true;
      if (quick == 0 && !(numa != null && policies[0] == NumaPolicy.PREFERRED)) return false;
      if (quick == 0) return fitsSingle(host, numa, true) == 1 || plan(host, numa).isPresent();
    }
    return plan(host, numa).isPresent();
  }

  /** 1: fits, 0: cannot fit, -1: needs the full fitting (PFs and children both possible). */
  private int fitsSingle(HostPools host, NumaPlacement numa, boolean relaxed) {
    int pfs = 0;
    int others = 0;
    int[] flat = host.flat;
    byte[] known = memo[0];
    for (int i = 0, p = 0; i < flat.length; i += 3, p++) {
      int id = flat[i];
      byte match = id < known.length ? known[id] : UNKNOWN;
      if (match == UNKNOWN) {
        match = matches(0, id, host.keys[p]) ? MATCH : NO_MATCH;
        known = memo[0];
      }
      if (match == MATCH && (numa == null || numaAllows(policies[0], host.keys[p].numaNode(), numa, relaxed))) {
        if (flat[i + 2] == 1) pfs += flat[i + 1]; else others += flat[i + 1];
      }
    }
    if (others >= demand[0] || pfs >= demand[0]) return 1;
    return pfs == 0 || others == 0 ? 0 : -1;
  }

  /** How the requests fit the host together, or empty when they do not. */
  public Optional<FitPlan> plan(HostPools host, NumaPlacement numa) {
    if (requests.isEmpty()) return Optional.of(new FitPlan(List.of()));
    if (requests.size() == 1 && fitsSingle(host, numa, false) == 1) {
      FitPlan quick = planSingleFromChildren(host, numa);
      if (quick != null) return Optional.of(quick);
    }
    List<Pool> pools = host.pools();
    FitPlan plan = solve(pools, allowedMatrix(pools, numa, false));
    if (plan == null && numa != null && Arrays.asList(policies).contains(NumaPolicy.PREFERRED)) {
      plan = solve(pools, allowedMatrix(pools, numa, true));
    }
    return Optional.ofNullable(plan);
  }

  /**
   * The common case, one request that the child and plain pools alone satisfy: take from them in
   * pool order, no matrices and no solver. Null when PF pools would be needed.
   */
  private FitPlan planSingleFromChildren(HostPools host, NumaPlacement numa) {
    List<Pool> pools = host.pools();
    int need = demand[0];
    List<FitPlan.Take> takes = new ArrayList<>(1);
    for (int p = 0; p < pools.size() && need > 0; p++) {
      Pool pool = pools.get(p);
      if (pool.key().devType() == DevType.PF || !allowed(0, pool.key(), numa, false)) continue;
      List<Pool.Group> groups = pool.groups();
      int[] left = new int[groups.size()];
      for (int g = 0; g < left.length; g++) left[g] = groups.get(g).count();
      while (need > 0) {
        int g = bestGroup(pools, groups, left);
        if (g < 0) break;
        int take = Math.min(need, left[g]);
        takes.add(new FitPlan.Take(pool.key(), groups.get(g).pf(), take));
        left[g] -= take;
        need -= take;
      }
    }
    return need > 0 ? null : new FitPlan(List.of(new FitPlan.Assignment(requests.get(0), takes)));
  }

  private boolean[][] allowedMatrix(List<Pool> pools, NumaPlacement numa, boolean relaxed) {
    boolean[][] allowed = new boolean[demand.length][pools.size()];
    for (int r = 0; r < demand.length; r++) {
      for (int p = 0; p < pools.size(); p++) {
        allowed[r][p] = allowed(r, pools.get(p).key(), numa, relaxed);
      }
    }
    return allowed;
  }

  private boolean allowed(int r, PoolKey key, NumaPlacement numa, boolean relaxPreferred) {
    return matches(r, key.id(), key) && numaAllows(policies[r], key.numaNode(), numa, relaxPreferred);
  }

  private boolean matches(int r, int id, PoolKey key) {
    byte[] row = memo[r];
    if (id >= row.length) {
      row = Arrays.copyOf(row, Math.max(id + 1, row.length * 2));
      memo[r] = row;
    }
    byte known = row[id];
    if (known == UNKNOWN) {
      known = anySpecAllows(requests.get(r), key) ? MATCH : NO_MATCH;
      row[id] = known;
    }
    return known == MATCH;
  }

  /**
   * True when the request may use devices of {@code key}, whatever their number and NUMA node: the
   * matching the fitting does, for those who explain a refusal after the fact.
   */
  public static boolean accepts(PciRequest request, PoolKey key) {
    return anySpecAllows(request, key);
  }

  private static boolean anySpecAllows(PciRequest request, PoolKey key) {
    for (RequestSpec spec : request.specs()) {
      if (specAllows(spec, key)) return true;
    }
    return false;
  }

  /** A spec's attributes must all match; PF, vDPA and remote-managed pools only when asked for. */
  static boolean specAllows(RequestSpec spec, PoolKey key) {
    DevType asked = spec.devType();
    if (key.devType() == DevType.PF && asked != DevType.PF) return false;
    if (key.devType() == DevType.VDPA && asked != DevType.VDPA) return false;
    if (key.remoteManaged() && !spec.asksRemoteManaged()) return false;
    for (Map.Entry<String, String> e : spec.attributes().entrySet()) {
      if (!Objects.equals(key.attribute(e.getKey()), e.getValue())) return false;
    }
    return true;
  }

  static boolean numaAllows(NumaPolicy policy, Integer node, NumaPlacement numa, boolean relaxPreferred) {
    if (numa == null) return true;
    switch (policy) {
      case REQUIRED:
        return node != null && numa.hostNodes().contains(node);
      case LEGACY:
        return node == null || numa.hostNodes().contains(node);
      case PREFERRED:
        return relaxPreferred || node == null || numa.hostNodes().contains(node);
      case SOCKET:
        return node != null && (numa.hostNodes().contains(node) || numa.sharesSocket(node));
      default:
        throw new IllegalStateException("unhandled NUMA policy " + policy);
    }
  }

  private FitPlan solve(List<Pool> pools, boolean[][] allowed) {
    List<Integer> pfPools = new ArrayList<>();
    for (int p = 0; p < pools.size(); p++) {
      if (pools.get(p).key().devType() == DevType.PF && anyAllowed(allowed, p)) pfPools.add(p);
    }
    int[] counts = new int[pools.size()];
    for (int p = 0; p < pools.size(); p++) counts[p] = pools.get(p).count();
    if (pfPools.isEmpty()) {
      int[][] flow = TransportSolver.solve(demand, counts, allowed);
      return flow == null ? null : distribute(pools, flow, Set.of());
    }
    return solveWithPfs(pools, allowed, pfPools);
  }

  private FitPlan solveWithPfs(List<Pool> pools, boolean[][] allowed, List<Integer> pfPools) {
    List<PciAddress> candidates = new ArrayList<>();
    for (int p : pfPools) {
      for (Pool.Group g : pools.get(p).groups()) candidates.add(g.pf());
    }
    // Cheapest PFs first: those with the fewest available children to lose.
    candidates.sort(Comparator.comparingInt((PciAddress pf) -> childrenAvailable(pools, pf))
        .thenComparing(Comparator.naturalOrder()));
    int minPfs = 0;
    int maxPfs = 0;
    for (int r = 0; r < demand.length; r++) {
      boolean anyPf = false;
      boolean anyOther = false;
      for (int p = 0; p < pools.size(); p++) {
        if (!allowed[r][p]) continue;
        if (pools.get(p).key().devType() == DevType.PF) anyPf = true; else anyOther = true;
      }
      if (anyPf) maxPfs += demand[r];
      if (anyPf && !anyOther) minPfs += demand[r];
    }
    maxPfs = Math.min(maxPfs, candidates.size());
    int[] budget = {MAX_PF_SUBSETS};
    for (int size = minPfs; size <= maxPfs; size++) {
      FitPlan plan = trySubsets(pools, allowed, candidates, new ArrayList<>(), 0, size, budget);
      if (plan != null || budget[0] <= 0) return plan;
    }
    return null;
  }

  private FitPlan trySubsets(List<Pool> pools, boolean[][] allowed, List<PciAddress> candidates,
      List<PciAddress> chosen, int from, int size, int[] budget) {
    if (chosen.size() == size) {
      if (--budget[0] < 0) return null;
      Set<PciAddress> wholePfs = new HashSet<>(chosen);
      int[] capacity = new int[pools.size()];
      for (int p = 0; p < pools.size(); p++) {
        Pool pool = pools.get(p);
        boolean pfPool = pool.key().devType() == DevType.PF;
        for (Pool.Group g : pool.groups()) {
          boolean inChosen = g.pf() != null && wholePfs.contains(g.pf());
          if (pfPool == inChosen) capacity[p] += g.count();
        }
      }
      int[][] flow = TransportSolver.solve(demand, capacity, allowed);
      return flow == null ? null : distribute(pools, flow, wholePfs);
    }
    for (int i = from; i <= candidates.size() - (size - chosen.size()); i++) {
      chosen.add(candidates.get(i));
      FitPlan plan = trySubsets(pools, allowed, candidates, chosen, i + 1, size, budget);
      chosen.remove(chosen.size() - 1);
      if (plan != null || budget[0] < 0) return plan;
    }
    return null;
  }

  private static boolean anyAllowed(boolean[][] allowed, int p) {
    for (boolean[] row : allowed) {
      if (row[p]) return true;
    }
    return false;
  }

  private static int childrenAvailable(List<Pool> pools, PciAddress pf) {
    int n = 0;
    for (Pool pool : pools) {
      if (pool.key().devType() != DevType.PF) n += pool.countIn(pf);
    }
    return n;
  }

  /**
   * Turns per-pool amounts into PF groups. PFs come from {@code wholePfs}; children never from
   * them, and first from PFs that are no longer available whole, so that whole PFs stay free for
   * requests that need them.
   */
  private FitPlan distribute(List<Pool> pools, int[][] flow, Set<PciAddress> wholePfs) {
    int[][] groupLeft = new int[pools.size()][];
    List<FitPlan.Assignment> assignments = new ArrayList<>(demand.length);
    for (int r = 0; r < demand.length; r++) {
      List<FitPlan.Take> takes = new ArrayList<>(1);
      for (int p = 0; p < pools.size(); p++) {
        int need = flow[r][p];
        if (need == 0) continue;
        Pool pool = pools.get(p);
        List<Pool.Group> groups = pool.groups();
        if (groupLeft[p] == null) groupLeft[p] = usableGroupCounts(pool, wholePfs);
        int[] left = groupLeft[p];
        while (need > 0) {
          int g = bestGroup(pools, groups, left);
          if (g < 0) {
            throw new IllegalStateException("fitting planned more than pool " + pool.key() + " holds");
          }
          int take = Math.min(need, left[g]);
          takes.add(new FitPlan.Take(pool.key(), groups.get(g).pf(), take));
          left[g] -= take;
          need -= take;
        }
      }
      assignments.add(new FitPlan.Assignment(requests.get(r), takes));
    }
    return new FitPlan(assignments);
  }

  /** Per group of the pool, what this fitting may take: PFs only from the whole PFs, children never. */
  private static int[] usableGroupCounts(Pool pool, Set<PciAddress> wholePfs) {
    List<Pool.Group> groups = pool.groups();
    int[] left = new int[groups.size()];
    boolean pfPool = pool.key().devType() == DevType.PF;
    for (int g = 0; g < left.length; g++) {
      PciAddress pf = groups.get(g).pf();
      boolean inWhole = pf != null && wholePfs.contains(pf);
      left[g] = pfPool == inWhole ? groups.get(g).count() : 0;
    }
    return left;
  }

  /**
   * The group to take from next: one whose PF is no longer available whole before one whose PF is,
   * then the one with the fewest devices left, so that whole PFs stay free for requests that need them.
   */
  private static int bestGroup(List<Pool> pools, List<Pool.Group> groups, int[] left) {
    int best = -1;
    boolean bestBreaksPf = true;
    for (int g = 0; g < left.length; g++) {
      if (left[g] == 0) continue;
      boolean breaksPf = isAvailablePf(pools, groups.get(g).pf());
      if (best < 0 || (bestBreaksPf && !breaksPf) || (bestBreaksPf == breaksPf && left[g] < left[best])) {
        best = g;
        bestBreaksPf = breaksPf;
      }
    }
    return best;
  }

  private static boolean isAvailablePf(List<Pool> pools, PciAddress pf) {
    if (pf == null) return false;
    for (Pool pool : pools) {
      if (pool.key().devType() == DevType.PF && pool.countIn(pf) > 0) return true;
    }
    return false;
  }

}

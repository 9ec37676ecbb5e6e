package org.vdpacompute.core.pci.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
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
 * it asked for them, when the pool holds PFs, vDPA devices or remote-managed devices. As Nova does,
 * the requests are first fitted one at a time, in order, each from what the ones before it left and
 * from the pools in their order (fewer tags first, {@link HostPools#of}), so that where Nova's claim
 * succeeds ours takes from the same pools. Only when that fails are they fitted together: which
 * requests take how much of which pool is then a transportation problem ({@link TransportSolver}),
 * so that a set of requests is not refused because one took what a later one needed. The PF/VF tree
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
  /** Each request's own query, for fitting them one at a time; made when first needed. */
  private FitQuery[] oneByOne;

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
      int quick = fitsSingle(host, numa);
      if (quick != -1) return quick == 1;
    }
    return plan(host, numa).isPresent();
  }

  /**
   * The one request counted against the pools it may use ({@link #usable}): 1 fits, 0 cannot fit,
   * -1 needs the full fitting (PFs and children both possible). Counts by where each pool's node
   * lies, without building the list, for the scheduler's hot loop.
   */
  private int fitsSingle(HostPools host, NumaPlacement numa) {
    // [pfs, others] of the pools on the guest's nodes, of no node, on the guest's sockets only, elsewhere.
    int[] near = new int[2];
    int[] none = new int[2];
    int[] socket = new int[2];
    int[] far = new int[2];
    int[] flat = host.flat;
    byte[] known = memo[0];
    for (int i = 0, p = 0; i < flat.length; i += 3, p++) {
      int id = flat[i];
      byte match = id < known.length ? known[id] : UNKNOWN;
      if (match == UNKNOWN) {
        match = matches(0, id, host.keys[p]) ? MATCH : NO_MATCH;
        known = memo[0];
      }
      if (match != MATCH) continue;
      Integer node = host.keys[p].numaNode();
      int[] into = numa == null || (node != null && numa.hostNodes().contains(node)) ? near
          : node == null ? none : numa.sharesSocket(node) ? socket : far;
      into[flat[i + 2] == 1 ? 0 : 1] += flat[i + 1];
    }
    int pfs = near[0];
    int others = near[1];
    switch (reach(numa, near[0] + near[1], near[0] + near[1] + none[0] + none[1])) {
      case SOCKET -> { pfs += socket[0]; others += socket[1]; }
      case NEAR_OR_NONE -> { pfs += none[0]; others += none[1]; }
      case NEAR_FIRST -> { pfs += none[0] + socket[0] + far[0]; others += none[1] + socket[1] + far[1]; }
      default -> { }
    }
    if (others >= demand[0] || pfs >= demand[0]) return 1;
    return pfs == 0 || others == 0 ? 0 : -1;
  }

  /** Which pools one request's NUMA policy lets it use (see {@link #usable}). */
  private enum Reach { NEAR, SOCKET, NEAR_OR_NONE, NEAR_FIRST }

  /**
   * Nova's rule, from how many devices the pools on the guest's nodes hold ({@code near}) and with
   * those of no node ({@code nearOrNone}); a guest without NUMA placement counts every pool as near.
   */
  private Reach reach(NumaPlacement numa, int near, int nearOrNone) {
    NumaPolicy policy = policies[0];
    if (numa == null || policy == NumaPolicy.REQUIRED || near >= demand[0]) return Reach.NEAR;
    if (policy == NumaPolicy.SOCKET) return Reach.SOCKET;
    if (policy == NumaPolicy.LEGACY || nearOrNone >= demand[0]) return Reach.NEAR_OR_NONE;
    return Reach.NEAR_FIRST;
  }

  /** How the requests fit the host together, or empty when they do not. */
  public Optional<FitPlan> plan(HostPools host, NumaPlacement numa) {
    if (requests.isEmpty()) return Optional.of(new FitPlan(List.of()));
    if (requests.size() == 1) return Optional.ofNullable(planOne(host, numa));
    FitPlan inOrder = planInOrder(host, numa);
    if (inOrder != null) return Optional.of(inOrder);
    List<Pool> pools = host.pools();
    FitPlan plan = solve(pools, pools, allowedMatrix(pools, numa, false));
    if (plan == null && numa != null && Arrays.asList(policies).contains(NumaPolicy.PREFERRED)) {
      plan = solve(pools, pools, allowedMatrix(pools, numa, true));
    }
    return Optional.ofNullable(plan);
  }

  /** The one request, from the pools its NUMA policy lets it use first, in their order. */
  private FitPlan planOne(HostPools host, NumaPlacement numa) {
    List<Pool> all = host.pools();
    List<Pool> usable = usable(all, numa);
    FitPlan children = fromChildren(all, usable);
    if (children != null) return children;
    return solve(all, usable, allowedMatrix(usable, null, false));
  }

  /**
   * The pools the one request may take from, in the order it takes them, as Nova's {@code
   * _filter_pools_for_numa_cells} chooses them for a guest with a NUMA placement: the pools on the
   * guest's nodes when they hold enough devices (and always for {@code required}); else, for {@code
   * socket}, the pools on the guest's sockets; for {@code legacy} the guest's nodes' pools and those
   * of no node; for {@code preferred} those when they hold enough, else every pool, the guest's
   * nodes' first. So a device near the guest is taken before one that merely may be.
   */
  private List<Pool> usable(List<Pool> all, NumaPlacement numa) {
    List<Pool> matching = new ArrayList<>(all.size());
    for (Pool p : all) {
      if (matches(0, p.key().id(), p.key())) matching.add(p);
    }
    if (numa == null) return matching;
    List<Pool> onNodes = where(matching, n -> n != null && numa.hostNodes().contains(n));
    List<Pool> orNone = where(matching, n -> n == null || numa.hostNodes().contains(n));
    switch (reach(numa, count(onNodes), count(orNone))) {
      case NEAR:
        return onNodes;
      case SOCKET:
        return where(matching, n -> n != null && (numa.hostNodes().contains(n) || numa.sharesSocket(n)));
      case NEAR_OR_NONE:
        return orNone;
      default:
        List<Pool> nearFirst = new ArrayList<>(onNodes);
        for (Pool p : matching) {
          if (!onNodes.contains(p)) nearFirst.add(p);
        }
        return nearFirst;
    }
  }

  private static List<Pool> where(List<Pool> pools, Predicate<Integer> node) {
    List<Pool> kept = new ArrayList<>(pools.size());
    for (Pool p : pools) {
      if (node.test(p.key().numaNode())) kept.add(p);
    }
    return kept;
  }

  private static int count(List<Pool> pools) {
    int n = 0;
    for (Pool p : pools) n += p.count();
    return n;
  }

  /**
   * Nova's way: each request in turn, from what the ones before it left; null when one does not
   * fit. Nova's API makes an instance's requests from its flavor's aliases first and then from its
   * ports, so those are taken in that order; the plan lists them as given.
   */
  private FitPlan planInOrder(HostPools host, NumaPlacement numa) {
    if (oneByOne == null) oneByOne = new FitQuery[requests.size()];
    FitPlan.Assignment[] assignments = new FitPlan.Assignment[requests.size()];
    HostPools left = host;
    for (boolean ports : new boolean[] {false, true}) {
      for (int r = 0; r < requests.size(); r++) {
        if ((requests.get(r).requesterId() != null) != ports) continue;
        if (oneByOne[r] == null) oneByOne[r] = new FitQuery(List.of(requests.get(r)));
        Optional<FitPlan> one = oneByOne[r].plan(left, numa);
        if (one.isEmpty()) return null;
        assignments[r] = one.get().assignments().get(0);
        left = left.apply(one.get());
      }
    }
    return new FitPlan(List.of(assignments));
  }

  /**
   * The common case, one request that the child and plain pools alone satisfy: take from the usable
   * ones in their order, no matrices and no solver. Null when PF pools would be needed.
   */
  private FitPlan fromChildren(List<Pool> all, List<Pool> usable) {
    int need = demand[0];
    List<FitPlan.Take> takes = new ArrayList<>(1);
    for (int p = 0; p < usable.size() && need > 0; p++) {
      Pool pool = usable.get(p);
      if (pool.key().devType() == DevType.PF) continue;
      List<Pool.Group> groups = pool.groups();
      int[] left = new int[groups.size()];
      for (int g = 0; g < left.length; g++) left[g] = groups.get(g).count();
      while (need > 0) {
        int g = bestGroup(all, groups, left);
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

  /**
   * @param all every pool of the host, which says which PFs are still whole and what taking one costs
   * @param pools the pools the requests may take from ({@code allowed} is by their index)
   */
  private FitPlan solve(List<Pool> all, List<Pool> pools, boolean[][] allowed) {
    List<Integer> pfPools = new ArrayList<>();
    for (int p = 0; p < pools.size(); p++) {
      if (pools.get(p).key().devType() == DevType.PF && anyAllowed(allowed, p)) pfPools.add(p);
    }
    int[] counts = new int[pools.size()];
    for (int p = 0; p < pools.size(); p++) counts[p] = pools.get(p).count();
    if (pfPools.isEmpty()) {
      int[][] flow = TransportSolver.solve(demand, counts, allowed);
      return flow == null ? null : distribute(all, pools, flow, Set.of());
    }
    return solveWithPfs(all, pools, allowed, pfPools);
  }

  private FitPlan solveWithPfs(List<Pool> all, List<Pool> pools, boolean[][] allowed, List<Integer> pfPools) {
    List<PciAddress> candidates = new ArrayList<>();
    Map<PciAddress, Integer> poolOf = new HashMap<>();
    for (int p : pfPools) {
      for (Pool.Group g : pools.get(p).groups()) {
        candidates.add(g.pf());
        poolOf.putIfAbsent(g.pf(), p);
      }
    }
    // PFs of the pools that serve first (Nova's order), then the cheapest: those with the fewest
    // available children to lose.
    candidates.sort(Comparator.comparingInt((PciAddress pf) -> poolOf.get(pf))
        .thenComparingInt(pf -> childrenAvailable(all, pf))
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
      FitPlan plan = trySubsets(all, pools, allowed, candidates, new ArrayList<>(), 0, size, budget);
      if (plan != null || budget[0] <= 0) return plan;
    }
    return null;
  }

  private FitPlan trySubsets(List<Pool> all, List<Pool> pools, boolean[][] allowed, List<PciAddress> candidates,
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
      return flow == null ? null : distribute(all, pools, flow, wholePfs);
    }
    for (int i = from; i <= candidates.size() - (size - chosen.size()); i++) {
      chosen.add(candidates.get(i));
      FitPlan plan = trySubsets(all, pools, allowed, candidates, chosen, i + 1, size, budget);
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
  private FitPlan distribute(List<Pool> all, List<Pool> pools, int[][] flow, Set<PciAddress> wholePfs) {
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
          int g = bestGroup(all, groups, left);
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

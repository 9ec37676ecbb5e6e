package org.vdpacompute.core.pci.pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.PciAddress;

/**
 * An immutable picture of one host's available PCI devices as pools: what the scheduler keeps in
 * memory per host and fits requests against. {@link #apply} gives the picture after a claim by a
 * plan, following the PF/VF tree exactly as the tracker's statuses do: a PF taken removes its VFs,
 * a VF taken removes its PF.
 */
public final class HostPools {
  public static final HostPools EMPTY = new HostPools(List.of());

  private final List<Pool> pools;
  // The same pools laid out flat, for the scheduler's hot loop: checking a request against a host
  // reads these arrays instead of chasing a pointer per pool.
  final PoolKey[] keys;
  /** Per pool, three ints: the key's id, the count, 1 for a PF pool else 0. One array, one cache line or two. */
  final int[] flat;
  /** Counted once: the scheduler's PCI weigher asks every host for it on every request. */
  private final int totalAvailable;

  private HostPools(List<Pool> pools) {
    this.pools = pools;
    int n = pools.size();
    keys = new PoolKey[n];
    flat = new int[3 * n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      Pool p = pools.get(i);
      keys[i] = p.key();
      flat[3 * i] = p.key().id();
      flat[3 * i + 1] = p.count();
      flat[3 * i + 2] = p.key().devType() == DevType.PF ? 1 : 0;
      total += p.count();
    }
    totalAvailable = total;
  }

  /**
   * The pools in the order requests take from them: fewer keys first ({@link PoolKey#rank}, Nova's
   * order), else in the given order. Empty pools are dropped.
   */
  public static HostPools of(List<Pool> pools) {
    List<Pool> kept = new ArrayList<>(pools.size());
    for (Pool p : pools) {
      if (p.count() > 0) kept.add(p);
    }
    kept.sort(Comparator.comparingInt(p -> p.key().rank()));
    return new HostPools(List.copyOf(kept));
  }

  public List<Pool> pools() {
    return pools;
  }

  /** Total available devices over every pool. */
  public int totalAvailable() {
    return totalAvailable;
  }

  /**
   * The pools after the devices of {@code plan} have been claimed: the taken devices leave their
   * groups, a PF whose child was taken leaves the PF pools, the children of a PF taken whole leave
   * the child pools. Plans are tiny (a take or two), so a scan beats building maps; pools the plan
   * does not touch are shared with this picture.
   */
  public HostPools apply(FitPlan plan) {
    List<FitPlan.Take> takes = new ArrayList<>(2);
    for (FitPlan.Assignment a : plan.assignments()) takes.addAll(a.takes());
    if (takes.isEmpty()) return this;
    List<Pool> next = new ArrayList<>(pools.size());
    for (Pool pool : pools) {
      boolean pfPool = pool.key().devType() == DevType.PF;
      List<Pool.Group> groups = pool.groups();
      List<Pool.Group> kept = null;
      for (int i = 0; i < groups.size(); i++) {
        Pool.Group g = groups.get(i);
        int left = g.count();
        boolean blocked = false;
        for (FitPlan.Take t : takes) {
          if (!Objects.equals(t.group(), g.pf())) continue;
          if (t.key().equals(pool.key())) left -= t.count();
          if (g.pf() != null && pfPool != (t.key().devType() == DevType.PF)) blocked = true;
        }
        if (left < 0) {
          throw new IllegalStateException("plan takes more than pool " + pool.key() + " group " + g.pf() + " holds");
        }
        boolean unchanged = !blocked && left == g.count();
        if (!unchanged && kept == null) kept = new ArrayList<>(groups.subList(0, i));
        if (kept != null && !blocked && left > 0) kept.add(unchanged ? g : new Pool.Group(g.pf(), left));
      }
      if (kept == null) {
        next.add(pool);
      } else if (!kept.isEmpty()) {
        next.add(new Pool(pool.key(), kept));
      }
    }
    return new HostPools(List.copyOf(next));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostPools && Objects.equals(canonical(), ((HostPools) o).canonical());
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }

  /** Order-independent form for comparison. */
  private Map<PoolKey, Map<PciAddress, Integer>> canonical() {
    Map<PoolKey, Map<PciAddress, Integer>> m = new HashMap<>();
    for (Pool p : pools) {
      Map<PciAddress, Integer> groups = m.computeIfAbsent(p.key(), k -> new HashMap<>());
      for (Pool.Group g : p.groups()) groups.merge(g.pf(), g.count(), Integer::sum);
    }
    return m;
  }

  @Override
  public String toString() {
    return pools.toString();
  }
}

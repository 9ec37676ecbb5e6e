package org.vdpacompute.core.pci.pool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

  private HostPools(List<Pool> pools) {
    this.pools = pools;
  }

  /** Pools in the given order; empty pools are dropped. */
  public static HostPools of(List<Pool> pools) {
    List<Pool> kept = new ArrayList<>(pools.size());
    for (Pool p : pools) {
      if (p.count() > 0) kept.add(p);
    }
    return new HostPools(List.copyOf(kept));
  }

  public List<Pool> pools() {
    return pools;
  }

  /** Total available devices over every pool. */
  public int totalAvailable() {
    int sum = 0;
    for (Pool p : pools) sum += p.count();
    return sum;
  }

  /** The pools after the devices of {@code plan} have been claimed. */
  public HostPools apply(FitPlan plan) {
    Map<PoolKey, Map<PciAddress, Integer>> taken = new HashMap<>();
    Set<PciAddress> pfsTaken = new HashSet<>();
    Set<PciAddress> pfsWithChildTaken = new HashSet<>();
    for (FitPlan.Assignment a : plan.assignments()) {
      for (FitPlan.Take t : a.takes()) {
        taken.computeIfAbsent(t.key(), k -> new HashMap<>()).merge(t.group(), t.count(), Integer::sum);
        if (t.group() != null) {
          (t.key().devType() == DevType.PF ? pfsTaken : pfsWithChildTaken).add(t.group());
        }
      }
    }
    List<Pool> next = new ArrayList<>(pools.size());
    for (Pool pool : pools) {
      Map<PciAddress, Integer> takes = taken.getOrDefault(pool.key(), java.util.Collections.emptyMap());
      boolean pfPool = pool.key().devType() == DevType.PF;
      Set<PciAddress> blocked = pfPool ? pfsWithChildTaken : pfsTaken;
      List<Pool.Group> groups = new ArrayList<>(pool.groups().size());
      for (Pool.Group g : pool.groups()) {
        if (g.pf() != null && blocked.contains(g.pf())) continue;
        int left = g.count() - takes.getOrDefault(g.pf(), 0);
        if (left < 0) {
          throw new IllegalStateException("plan takes more than pool " + pool.key() + " group " + g.pf() + " holds");
        }
        if (left > 0) groups.add(new Pool.Group(g.pf(), left));
      }
      if (!groups.isEmpty()) next.add(new Pool(pool.key(), groups));
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

package org.vdpacompute.core.pci.pool;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.Tags;
import org.vdpacompute.core.pci.VendorProduct;

/**
 * What makes devices interchangeable for scheduling: vendor, product, device type, NUMA node,
 * parent interface name, and the tags of the spec that whitelisted them ({@code physical_network},
 * {@code remote_managed} defaulting to false for PFs, VFs and vDPA devices, as Nova's pools, ...).
 *
 * <p>A key's {@link #rank} orders pools as Nova does: by how many keys its pool has, fewer first, so
 * that a request that several pools can serve takes from the least specific one and leaves devices
 * whose entry says more (a trusted VF) to requests that ask for it.
 *
 * <p>Keys are interned: equal keys are one object with a small id, so that a request can remember
 * per key whether it matches and checking a host costs an array look-up per pool rather than a
 * comparison of tag maps. The number of distinct keys in a cloud is small (device models times
 * NUMA nodes times physical networks), so the intern table stays small.
 */
public final class PoolKey {
  private static final Map<PoolKey, PoolKey> INTERNED = new ConcurrentHashMap<>();
  private static final AtomicInteger NEXT_ID = new AtomicInteger();

  private final VendorProduct ids;
  private final DevType devType;
  private final Integer numaNode;
  private final String parentIfname;
  private final Map<String, String> tags;
  private final int rank;
  private final int hash;
  private int id = -1;

  private PoolKey(VendorProduct ids, DevType devType, Integer numaNode, String parentIfname,
      Map<String, String> tags) {
    this.ids = Objects.requireNonNull(ids);
    this.devType = Objects.requireNonNull(devType);
    this.numaNode = numaNode;
    this.parentIfname = parentIfname;
    this.tags = tags;
    this.rank = tags.size() + (parentIfname == null ? 0 : 1);
    this.hash = Objects.hash(ids, devType, numaNode, parentIfname, tags);
  }

  /**
   * The interned key for these attributes; {@code tags} are normalised and, for PFs, VFs and vDPA
   * devices, remote_managed defaults to false.
   */
  public static PoolKey of(VendorProduct ids, DevType devType, Integer numaNode, String parentIfname,
      Map<String, String> tags) {
    TreeMap<String, String> normal = new TreeMap<>();
    tags.forEach((k, v) -> normal.put(k, Tags.normalize(v)));
    if (devType != DevType.PCI) {
      normal.putIfAbsent(Tags.REMOTE_MANAGED, "false");
    }
    PoolKey candidate = new PoolKey(ids, devType, numaNode, parentIfname,
        Collections.unmodifiableMap(normal));
    return INTERNED.computeIfAbsent(candidate, k -> {
      k.id = NEXT_ID.getAndIncrement();
      return k;
    });
  }

  /** Small dense id of this interned key. */
  public int id() {
    return id;
  }

  public VendorProduct ids() {
    return ids;
  }

  public DevType devType() {
    return devType;
  }

  public Integer numaNode() {
    return numaNode;
  }

  public String parentIfname() {
    return parentIfname;
  }

  public Map<String, String> tags() {
    return tags;
  }

  /**
   * How specific the pool is: its keys beyond vendor, product, type and NUMA node, that is its tags
   * and its parent interface. Nova sorts its pools by their number of keys, which differs from this
   * by the same constant for all.
   */
  public int rank() {
    return rank;
  }

  /** True when the devices are remote-managed (only remote-managed ports may have them). */
  public boolean remoteManaged() {
    return "true".equals(tags.get(Tags.REMOTE_MANAGED));
  }

  /** The value a request spec compares with {@code key}, normalised; null when absent. */
  public String attribute(String key) {
    switch (key) {
      case Tags.VENDOR_ID: return ids.vendorId();
      case Tags.PRODUCT_ID: return ids.productId();
      case Tags.DEV_TYPE: return devType.tagValue();
      case Tags.NUMA_NODE: return numaNode == null ? null : numaNode.toString();
      case Tags.PARENT_IFNAME: return Tags.normalize(parentIfname);
      default: return tags.get(key);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof PoolKey)) return false;
    PoolKey k = (PoolKey) o;
    return hash == k.hash && ids.equals(k.ids) && devType == k.devType
        && Objects.equals(numaNode, k.numaNode) && Objects.equals(parentIfname, k.parentIfname)
        && tags.equals(k.tags);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return ids + " " + devType + " numa=" + numaNode
        + (parentIfname == null ? "" : " parent_ifname=" + parentIfname) + " " + tags;
  }
}

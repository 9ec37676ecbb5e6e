package org.vdpacompute.core.pci;

import java.util.Locale;
import org.vdpacompute.core.InvalidValueException;

/**
 * How strictly a PCI device must share a NUMA node with the guest (Nova's {@code
 * hw:pci_numa_affinity_policy} and alias {@code numa_policy}). It applies only to guests with a NUMA
 * topology.
 */
public enum NumaPolicy {
  /** The device must be on one of the guest's host NUMA nodes. */
  REQUIRED,
  /** Like required, but a device that reports no NUMA node is acceptable too (Nova's default). */
  LEGACY,
  /** Devices on the guest's nodes first; any device if none is free there. */
  PREFERRED,
  /** The device must be on a NUMA node of the same socket as one of the guest's nodes. */
  SOCKET;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static NumaPolicy fromApiName(String name) {
    if (name != null) {
      for (NumaPolicy p : values()) {
        if (p.apiName().equalsIgnoreCase(name.trim())) {
          return p;
        }
      }
    }
    throw new InvalidValueException(
        "unknown NUMA affinity policy '" + name + "' (expected required, legacy, preferred or socket)");
  }

  /**
   * The policy in force for one request: the port's, else the flavor's or image's, else the
   * alias's, else {@link #LEGACY}.
   */
  public static NumaPolicy effective(NumaPolicy port, NumaPolicy flavorOrImage, NumaPolicy alias) {
    if (port != null) return port;
    if (flavorOrImage != null) return flavorOrImage;
    if (alias != null) return alias;
    return LEGACY;
  }
}

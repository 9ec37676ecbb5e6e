package org.vdpacompute.controller.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * A flavor: the size of a server, and its extra specs ({@code pci_passthrough:alias},
 * {@code hw:numa_nodes}, {@code hw:pci_numa_affinity_policy}, ...).
 */
public record Flavor(
    String id,
    String name,
    int vcpus,
    int ramMb,
    int diskGb,
    int ephemeralGb,
    int swapMb,
    double rxtxFactor,
    boolean isPublic,
    String description,
    Map<String, String> extraSpecs) {

  public Flavor {
    extraSpecs = java.util.Collections.unmodifiableMap(new TreeMap<>(extraSpecs));
  }

  public Flavor withExtraSpecs(Map<String, String> specs) {
    return new Flavor(id, name, vcpus, ramMb, diskGb, ephemeralGb, swapMb, rxtxFactor, isPublic, description, specs);
  }
}

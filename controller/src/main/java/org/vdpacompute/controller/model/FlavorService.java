package org.vdpacompute.controller.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.request.AliasRequests;
import org.vdpacompute.core.pci.spec.PciAliasList;

/**
 * Flavors, their extra specs, and the projects a private flavor is shared with (a private flavor is
 * seen and used by administrators and those projects only). The extra specs this cloud acts on are checked when they are set,
 * not when a server is booted: a flavor naming an alias the cloud does not define, or a vDPA
 * device, is refused up front with the reason.
 */
public final class FlavorService {
  public static final String NUMA_NODES = "hw:numa_nodes";
  public static final String PCI_NUMA_POLICY = "hw:pci_numa_affinity_policy";

  private final FlavorStore store;
  private final PciAliasList aliases;

  public FlavorService(FlavorStore store, PciAliasList aliases) {
    this.store = store;
    this.aliases = aliases;
  }

  /** The PCI aliases flavors may name, from the controller's {@code [pci] alias}. */
  public PciAliasList aliases() {
    return aliases;
  }

  /** What a flavor create asks for; a null id is made up. */
  public record FlavorRequest(String id, String name, int vcpus, int ramMb, int diskGb, int ephemeralGb, int swapMb,
      double rxtxFactor, boolean isPublic, String description, Map<String, String> extraSpecs) {}

  public Flavor create(FlavorRequest r) {
    if (r.name() == null || r.name().isBlank() || r.name().length() > 255) {
      throw new InvalidValueException("flavor name must be 1 to 255 characters");
    }
    positive("vcpus", r.vcpus());
    positive("ram", r.ramMb());
    notNegative("disk", r.diskGb());
    notNegative("OS-FLV-EXT-DATA:ephemeral", r.ephemeralGb());
    notNegative("swap", r.swapMb());
    if (r.rxtxFactor() <= 0) throw new InvalidValueException("rxtx_factor must be positive, not " + r.rxtxFactor());
    Map<String, String> specs = r.extraSpecs() == null ? Map.of() : r.extraSpecs();
    specs.forEach(this::checkSpec);
    Flavor f = new Flavor(r.id() == null || r.id().isBlank() ? UUID.randomUUID().toString() : r.id(), r.name().strip(),
        r.vcpus(), r.ramMb(), r.diskGb(), r.ephemeralGb(), r.swapMb(), r.rxtxFactor(), r.isPublic(), r.description(), specs);
    store.insert(f);
    return f;
  }

  /** A flavor by id, or else by name (as the CLI looks them up). */
  public Flavor flavor(String idOrName) {
    return store.flavor(idOrName).or(() -> store.byName(idOrName))
        .orElseThrow(() -> new NotFoundException("Flavor " + idOrName + " could not be found."));
  }

  public List<Flavor> flavors(boolean includePrivate) {
    return store.flavors(includePrivate);
  }

  /**
   * A flavor a project may use, by id or name: a public one, or a private one shared with the
   * project; any for an administrator. Another is as good as missing, as in Nova.
   */
  public Flavor visibleFlavor(String idOrName, String projectId, boolean admin) {
    Flavor f = flavor(idOrName);
    if (admin || f.isPublic() || store.sharedWith(projectId).contains(f.id())) return f;
    throw new NotFoundException("Flavor " + idOrName + " could not be found.");
  }

  /** The flavors a project may use: the public ones and the private ones shared with it. */
  public List<Flavor> visibleFlavors(String projectId) {
    java.util.Set<String> shared = store.sharedWith(projectId);
    return store.flavors(true).stream().filter(f -> f.isPublic() || shared.contains(f.id())).toList();
  }

  /** The projects a private flavor is shared with (Nova's flavor access list). */
  public List<String> access(String flavorId) {
    Flavor f = flavor(flavorId);
    if (f.isPublic()) throw new NotFoundException("Access list not available for public flavors.");
    return store.projectsWithAccess(f.id());
  }

  /** Shares a private flavor with a project (Nova's addTenantAccess). */
  public List<String> addAccess(String flavorId, String projectId) {
    Flavor f = flavor(flavorId);
    if (f.isPublic()) throw new ConflictException("Can not add access to a public flavor.");
    store.addAccess(f.id(), projectId);
    return store.projectsWithAccess(f.id());
  }

  /** Stops sharing a private flavor with a project (Nova's removeTenantAccess). */
  public List<String> removeAccess(String flavorId, String projectId) {
    Flavor f = flavor(flavorId);
    if (f.isPublic()) throw new ConflictException("Can not remove access from a public flavor.");
    if (!store.removeAccess(f.id(), projectId)) {
      throw new NotFoundException("Flavor access not found for " + f.id() + " / " + projectId + " combination.");
    }
    return store.projectsWithAccess(f.id());
  }

  public Flavor setExtraSpecs(String flavorId, Map<String, String> specs) {
    Flavor f = flavor(flavorId);
    specs.forEach(this::checkSpec);
    store.setExtraSpecs(f.id(), specs);
    Map<String, String> merged = new HashMap<>(f.extraSpecs());
    merged.putAll(specs);
    return f.withExtraSpecs(merged);
  }

  public void deleteExtraSpec(String flavorId, String key) {
    Flavor f = flavor(flavorId);
    if (!f.extraSpecs().containsKey(key)) {
      throw new NotFoundException("Flavor " + f.id() + " has no extra spec with key " + key + ".");
    }
    store.deleteExtraSpec(f.id(), key);
  }

  public void delete(String flavorId) {
    store.delete(flavor(flavorId).id());
  }

  private void checkSpec(String key, String value) {
    if (key == null || key.isBlank() || key.length() > 255 || value == null || value.length() > 255) {
      throw new InvalidValueException("extra spec keys and values must be 1 to 255 characters: '" + key + "'");
    }
    switch (key) {
      case NUMA_NODES -> {
        try {
          if (Integer.parseInt(value.trim()) >= 1) return;
        } catch (NumberFormatException e) {
          // reported below
        }
        throw new InvalidValueException("extra spec " + NUMA_NODES + " must be a positive integer, not '" + value + "'");
      }
      case PCI_NUMA_POLICY -> NumaPolicy.fromApiName(value);
      case AliasRequests.EXTRA_SPEC -> AliasRequests.parse(value, aliases, null, () -> "check");
      default -> { }
    }
  }

  private static void positive(String field, int value) {
    if (value < 1) throw new InvalidValueException(field + " must be a positive integer, not " + value);
  }

  private static void notNegative(String field, int value) {
    if (value < 0) throw new InvalidValueException(field + " must not be negative, not " + value);
  }
}

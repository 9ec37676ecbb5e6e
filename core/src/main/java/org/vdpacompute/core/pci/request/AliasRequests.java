package org.vdpacompute.core.pci.request;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.spec.PciAlias;
import org.vdpacompute.core.pci.spec.PciAliasList;

/**
 * Turns a flavor's {@code pci_passthrough:alias} extra spec ({@code name:count[,name:count...]})
 * into PCI requests, one per alias, each accepting any of the alias's entries.
 */
public final class AliasRequests {
  public static final String EXTRA_SPEC = "pci_passthrough:alias";

  private AliasRequests() {}

  /**
   * @param value the extra spec's value, e.g. {@code gpu:2,nic:1}
   * @param flavorPolicy the flavor's or image's {@code hw:pci_numa_affinity_policy}, or null
   * @param requestIds makes the id of each request
   * @throws InvalidValueException naming the extra spec and the part that is wrong
   */
  public static List<PciRequest> parse(String value, PciAliasList aliases, NumaPolicy flavorPolicy,
      Supplier<String> requestIds) {
    List<PciRequest> requests = new ArrayList<>();
    if (value == null || value.isBlank()) return requests;
    for (String part : value.split(",")) {
      String[] nameCount = part.strip().split(":", -1);
      if (nameCount.length > 2 || nameCount[0].isBlank()) {
        throw invalid(value, "'" + part.strip() + "' is not name:count");
      }
      String name = nameCount[0].strip();
      int count = nameCount.length == 2 ? parseCount(value, nameCount[1].strip()) : 1;
      List<PciAlias> entries = aliases.get(name);
      if (entries.isEmpty()) {
        throw invalid(value, "alias '" + name + "' is not defined in [pci] alias; defined: " + aliases.names());
      }
      List<RequestSpec> specs = entries.stream().map(a -> new RequestSpec(a.requestSpec())).toList();
      NumaPolicy aliasPolicy = entries.get(0).numaPolicy();
      requests.add(new PciRequest(requestIds.get(), null, name, count, specs,
          NumaPolicy.effective(null, flavorPolicy, aliasPolicy)));
    }
    return requests;
  }

  private static int parseCount(String value, String count) {
    try {
      int n = Integer.parseInt(count);
      if (n >= 1) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(value, "count '" + count + "' is not a positive integer");
  }

  private static InvalidValueException invalid(String value, String why) {
    return new InvalidValueException("flavor extra spec " + EXTRA_SPEC + "='" + value + "': " + why);
  }
}

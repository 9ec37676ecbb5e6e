package org.vdpacompute.controller.compute;

import java.util.ArrayList;
import java.util.List;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.request.AliasRequests;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.PortRequests;
import org.vdpacompute.core.pci.request.TrustedMode;
import org.vdpacompute.core.pci.spec.PciAliasList;

/**
 * The PCI requests of a server: one per port that needs a device, named by the port's id so that
 * the device claimed for it can be found again; and one per alias of its flavor's
 * {@code pci_passthrough:alias}, named after the alias. Stable names matter: every move of the
 * server asks again for the same requests.
 */
public final class ServerPciRequests {
  /** The prefix of an alias request's id, which is not a port id. */
  public static final String ALIAS_PREFIX = "alias:";

  private ServerPciRequests() {}

  /** A port with its network, which says the physical network the port's device must be on. */
  public record PortOnNetwork(Port port, Network network) {}

  public static List<PciRequest> of(Flavor flavor, List<PortOnNetwork> ports, PciAliasList aliases) {
    String policyName = flavor.extraSpecs().get(FlavorService.PCI_NUMA_POLICY);
    NumaPolicy flavorPolicy = policyName == null ? null : NumaPolicy.fromApiName(policyName);
    List<PciRequest> requests = new ArrayList<>();
    for (PortOnNetwork p : ports) {
      PortRequests.forPort(p.port().id(), p.port().id(), p.port().vnicType(), p.network().physicalNetwork(),
          TrustedMode.fromProfile(p.port().id(), p.port().bindingProfile().get("trusted")), null, flavorPolicy)
          .ifPresent(requests::add);
    }
    String aliasSpec = flavor.extraSpecs().get(AliasRequests.EXTRA_SPEC);
    if (aliasSpec != null) {
      int[] n = {0};
      List<String> names = aliasNames(aliasSpec);
      requests.addAll(AliasRequests.parse(aliasSpec, aliases, flavorPolicy, () -> ALIAS_PREFIX + names.get(n[0]++)));
    }
    return requests;
  }

  private static List<String> aliasNames(String spec) {
    List<String> names = new ArrayList<>();
    for (String part : spec.split(",")) names.add(part.strip().split(":", -1)[0].strip());
    return names;
  }
}

package org.vdpacompute.controller.workflows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.FlavorService;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.request.AliasRequests;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.PortRequests;
import org.vdpacompute.core.pci.request.TrustedMode;
import org.vdpacompute.core.pci.spec.PciAliasList;
import org.vdpacompute.scheduler.ScheduleRequest;

/**
 * The PCI requests of a server: one per port that needs a device, named by the port's id so that
 * the device claimed for it can be found again; and one per alias of its flavor's
 * {@code pci_passthrough:alias}, named after the alias. Stable names matter: every move of the
 * server asks again for the same requests.
 */
final class ServerPciRequests {
  /** The prefix of an alias request's id, which is not a port id. */
  static final String ALIAS_PREFIX = "alias:";

  private ServerPciRequests() {}

  static List<PciRequest> of(Flavor flavor, List<PortOnNetwork> ports, PciAliasList aliases) {
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

  /** What a server of {@code flavor} with these PCI requests asks of a host. */
  static ScheduleRequest scheduling(String instanceUuid, Flavor flavor, List<PciRequest> pci, Set<String> ignoreHosts,
      Set<String> onlyHosts) {
    return new ScheduleRequest(instanceUuid, flavor.vcpus(), flavor.ramMb(), flavor.diskGb(), numaNodes(flavor), pci,
        ignoreHosts, onlyHosts);
  }

  private static int numaNodes(Flavor flavor) {
    String n = flavor.extraSpecs().get(FlavorService.NUMA_NODES);
    return n == null ? 0 : Integer.parseInt(n.strip());
  }

  private static List<String> aliasNames(String spec) {
    List<String> names = new ArrayList<>();
    for (String part : spec.split(",")) names.add(part.strip().split(":", -1)[0].strip());
    return names;
  }
}

package org.vdpacompute.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceStatus;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.Tags;
import org.vdpacompute.core.pci.pool.FitQuery;
import org.vdpacompute.core.pci.pool.HostPools;
import org.vdpacompute.core.pci.pool.NumaPlacement;
import org.vdpacompute.core.pci.pool.PoolKey;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.RequestSpec;

/**
 * Why a host's PCI devices cannot serve an instance's requests, in the host's terms: the cold
 * counterpart of {@link FitQuery#fits}, run only for a host already refused.
 *
 * <p>Design. The requests are taken as the steps the fitting takes them: alike requests together
 * (two vdpa ports on physnet4 ask for two such devices), each alike group alone, and then all of them
 * together. The first step that fails names the reason: no device of that kind at all (and, for vDPA,
 * a host that cannot drive it), too few free and who holds the rest, free but on NUMA nodes the guest
 * cannot use, or, when every group fits alone, a PF wanted beside VFs that only that PF has. Free
 * devices are counted from the host's pools, the same the filter read; totals and holders from its
 * tracked devices.
 */
final class PciRefusals {
  /** Holders named before "and N more". */
  private static final int NAMED_HOLDERS = 8;

  private PciRefusals() {}

  static Refusal explain(HostFilter filter, List<PciRequest> requests, HostPools pools, NumaPlacement numa,
      HostFacts facts) {
    List<PciRequest> groups = alike(requests);
    for (PciRequest group : groups) {
      if (!FitQuery.of(List.of(group)).fits(pools, numa)) return tooFew(filter, group, pools, numa, facts);
    }
    boolean wantsPf = groups.stream().anyMatch(g -> kind(g) == DevType.PF);
    boolean wantsChild = groups.stream().anyMatch(g -> kind(g) != null && kind(g).isChildFunction());
    if (wantsPf && wantsChild) {
      return filter.refusal("a PF and its VF cannot both go to one server: every free PF ("
          + freePfs(facts) + ") would leave too few " + groups.stream().filter(g -> kind(g) != DevType.PF)
              .map(g -> plural(g, 2)).collect(Collectors.joining(" and ")) + " under other PFs",
          "a PF and its VF cannot both go to one server");
    }
    return filter.refusal("the server's devices do not fit together: "
        + groups.stream().map(g -> g.count() + " " + what(g)).collect(Collectors.joining(", ")),
        "the server's devices do not fit together");
  }

  /** The requests with equal specs and NUMA policy merged into one asking for their sum. */
  private static List<PciRequest> alike(List<PciRequest> requests) {
    Map<List<Object>, PciRequest> merged = new LinkedHashMap<>();
    for (PciRequest r : requests) {
      merged.merge(List.of(r.specs(), r.numaPolicy()), r, (a, b) -> new PciRequest(a.requestId(), null, a.aliasName(),
          a.count() + b.count(), a.specs(), a.numaPolicy()));
    }
    return new ArrayList<>(merged.values());
  }

  private static Refusal tooFew(HostFilter filter, PciRequest group, HostPools pools, NumaPlacement numa,
      HostFacts facts) {
    List<PciDevice> matching = facts.devices().stream()
        .filter(d -> d.status() != DeviceStatus.REMOVED && FitQuery.accepts(group, keyOf(d))).toList();
    String where = where(group);
    if (matching.isEmpty()) return noneAtAll(filter, group, facts);
    List<PciDevice> free = matching.stream().filter(d -> d.status() == DeviceStatus.AVAILABLE).toList();
    String prefix = where == null ? "" : where + ": ";
    if (numa != null && FitQuery.of(List.of(group)).fits(pools, null)) {
      return filter.refusal(prefix + free.size() + " of " + matching.size() + " " + plural(group, matching.size()) + " free, on "
          + nodes(free) + ", none on the guest's " + nodes(numa.hostNodes()) + " (PCI NUMA policy "
          + group.numaPolicy().name().toLowerCase(java.util.Locale.ROOT) + ")",
          what(group) + " not on the guest's NUMA nodes");
    }
    StringBuilder reason = new StringBuilder(prefix).append(free.size()).append(" of ").append(matching.size()).append(' ')
        .append(plural(group, matching.size())).append(" free");
    if (group.count() > 1) reason.append(", ").append(group.count()).append(" asked");
    List<String> whose = new ArrayList<>(2);
    TreeSet<String> holders = new TreeSet<>();
    for (PciDevice d : matching) {
      if (d.status().isHeld() && d.instanceUuid() != null) holders.add(facts.serverName(d.instanceUuid()));
    }
    if (!holders.isEmpty()) whose.add("held by " + (holders.size() == 1 ? "server " : "servers ") + names(holders));
    List<PciDevice> blocked = matching.stream().filter(d -> d.status().isBlockedByRelative()).toList();
    if (!blocked.isEmpty()) {
      TreeSet<String> relatives = new TreeSet<>();
      for (PciDevice d : blocked) relatives.addAll(relativeHolders(d, facts));
      whose.add(blocked.size() + " blocked: " + (blocked.get(0).type() == DevType.PF ? "VFs under them" : "their PF")
          + (relatives.isEmpty() ? " in use" : " held by " + names(relatives)));
    }
    if (!whose.isEmpty()) reason.append(" (").append(String.join("; ", whose)).append(')');
    return filter.refusal(reason.toString(), (free.isEmpty() ? "no free " + what(group) : "not enough free " + plural(group, 2))
        + (where == null ? "" : " on " + where));
  }

  /** No device the request could ever use: none of the kind, none on the network, or none with its tags. */
  private static Refusal noneAtAll(HostFilter filter, PciRequest group, HostFacts facts) {
    DevType kind = kind(group);
    if (kind == DevType.VDPA && facts.vdpaUnsupported() != null) {
      return filter.refusal("vDPA not supported: " + facts.vdpaUnsupported(), "vDPA not supported");
    }
    String where = where(group);
    String asked = "no " + what(group) + (where == null ? "" : " on " + where);
    TreeSet<String> networks = new TreeSet<>();
    for (PciDevice d : facts.devices()) {
      if (d.status() != DeviceStatus.REMOVED && d.type() == kind) {
        networks.add(d.physicalNetwork() == null ? "no physical network" : d.physicalNetwork());
      }
    }
    if (where != null && !networks.isEmpty() && !networks.contains(where)) {
      return filter.refusal(asked + " (this host's " + plural(group, 2) + " are on " + String.join(", ", networks) + ")", asked);
    }
    Map<String, String> wanted = new LinkedHashMap<>(group.specs().get(0).attributes());
    wanted.keySet().removeAll(List.of(Tags.DEV_TYPE, Tags.PHYSICAL_NETWORK));
    wanted.values().removeIf(Objects::isNull);
    wanted.remove(Tags.REMOTE_MANAGED, "false");
    return filter.refusal(wanted.isEmpty() ? asked : asked + " with " + wanted, asked);
  }

  private static PoolKey keyOf(PciDevice d) {
    return PoolKey.of(d.report().ids(), d.type(), d.report().numaNode(), d.parentIfname(), d.tags());
  }

  /** The servers whose devices block this one: a child's PF's holder, or a PF's children's. */
  private static List<String> relativeHolders(PciDevice d, HostFacts facts) {
    List<String> names = new ArrayList<>(1);
    for (PciDevice other : facts.devices()) {
      boolean relative = d.type() == DevType.PF ? d.address().equals(other.parentAddress())
          : other.address().equals(d.parentAddress());
      if (relative && other.status().isHeld() && other.instanceUuid() != null) names.add(facts.serverName(other.instanceUuid()));
    }
    return names;
  }

  private static String freePfs(HostFacts facts) {
    List<String> pfs = facts.devices().stream()
        .filter(d -> d.type() == DevType.PF && d.status() == DeviceStatus.AVAILABLE)
        .map(d -> d.address().toString()).toList();
    return pfs.isEmpty() ? "none" : String.join(", ", pfs);
  }

  private static String names(TreeSet<String> names) {
    List<String> shown = names.stream().limit(NAMED_HOLDERS).toList();
    return String.join(", ", shown) + (names.size() > shown.size() ? " and " + (names.size() - shown.size()) + " more" : "");
  }

  private static String nodes(List<PciDevice> devices) {
    return nodes(devices.stream().map(d -> d.report().numaNode()).filter(Objects::nonNull).collect(Collectors.toSet()));
  }

  private static String nodes(java.util.Set<Integer> nodes) {
    TreeSet<Integer> sorted = new TreeSet<>(nodes);
    return (sorted.size() == 1 ? "NUMA node " : "NUMA nodes ") + sorted.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  /** The device type the request asks for; null when any type it is allowed will do (an alias without one). */
  private static DevType kind(PciRequest r) {
    return r.specs().get(0).devType();
  }

  /** The physical network the request's devices must be on; "no physical network" for a tunnelled network's port; null when it does not say. */
  private static String where(PciRequest r) {
    RequestSpec spec = r.specs().get(0);
    if (!spec.attributes().containsKey(Tags.PHYSICAL_NETWORK)) return null;
    String net = spec.get(Tags.PHYSICAL_NETWORK);
    return net == null ? "no physical network" : net;
  }

  /** What one device of the request is called: "vdpa device", "VF", "PF", "15b3:101e device". */
  private static String what(PciRequest r) {
    return plural(r, 1);
  }

  private static String plural(PciRequest r, int n) {
    DevType kind = kind(r);
    String noun;
    if (kind == DevType.PF || kind == DevType.VF) {
      noun = kind == DevType.PF ? "PF" : "VF";
    } else {
      RequestSpec spec = r.specs().get(0);
      String ids = spec.get(Tags.VENDOR_ID) == null ? "" : spec.get(Tags.VENDOR_ID) + ":" + spec.get(Tags.PRODUCT_ID) + " ";
      noun = (kind == DevType.VDPA ? "vdpa " : kind == DevType.PCI ? "PCI " : ids) + "device";
    }
    return noun + (n == 1 ? "" : "s");
  }
}

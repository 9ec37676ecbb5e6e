package org.vdpacompute.core.pci.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.DeviceStatus;
import org.vdpacompute.core.pci.NumaPolicy;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.core.pci.parity.Finding.Aspect;
import org.vdpacompute.core.pci.parity.ParityCase.Device;
import org.vdpacompute.core.pci.parity.ParityCase.Port;
import org.vdpacompute.core.pci.parity.ParityCase.Step;
import org.vdpacompute.core.pci.pool.FitPlan;
import org.vdpacompute.core.pci.pool.FitQuery;
import org.vdpacompute.core.pci.pool.NumaPlacement;
import org.vdpacompute.core.pci.pool.Pool;
import org.vdpacompute.core.pci.pool.PoolKey;
import org.vdpacompute.core.pci.request.AliasRequests;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.PortRequests;
import org.vdpacompute.core.pci.request.RequestSpec;
import org.vdpacompute.core.pci.request.TrustedMode;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.core.pci.spec.DeviceSpecList;
import org.vdpacompute.core.pci.spec.PciAliasList;
import org.vdpacompute.core.pci.tracker.HostDevices;
import org.vdpacompute.core.pci.tracker.PciClaim;

/**
 * Plays a case on our classes and compares every answer with Nova's under one mode: the spec
 * accepted or not, the devices whitelisted, the pools, and at each step whether the host fits,
 * whether the claim succeeds, which pools it takes from and the status counts after it. After each
 * claim we take the devices Nova took, so that each step is asked of the same state on both sides
 * and one difference does not echo through the steps after it. Devices of one pool and PF group
 * are alike and each side takes whichever of them it likes (Nova the last listed, we the first):
 * the replay pairs each of Nova's devices with one of ours, and swaps pairs so as to follow Nova.
 */
final class OurReplay {
  private final ParityCase c;
  private final JsonNode nova;
  private final List<Finding> findings = new ArrayList<>();
  /** Our device standing for each of Nova's, and back. */
  private final Map<String, String> toOurs = new HashMap<>();
  private final Map<String, String> toNovas = new HashMap<>();
  private HostDevices host;

  private OurReplay(ParityCase c, JsonNode nova) {
    this.c = c;
    this.nova = nova;
    for (Device d : c.devices()) {
      toOurs.put(d.address(), d.address());
      toNovas.put(d.address(), d.address());
    }
  }

  /** The differences between our answers to the case and Nova's under one mode. */
  static List<Finding> compare(ParityCase c, JsonNode novaMode) {
    OurReplay replay = new OurReplay(c, novaMode);
    replay.run();
    return replay.findings;
  }

  private void run() {
    Optional<String> refusal = setUp();
    boolean novaAccepted = nova.get("config").asText().equals("ok");
    if (refusal.isPresent() || !novaAccepted) {
      if (refusal.isPresent() == novaAccepted) {
        Finding f = Finding.of(Aspect.CONFIG, -1, refusal.map(r -> "we refuse (" + r + "), Nova accepts")
            .orElse("we accept, Nova refuses (" + nova.path("error").asText() + ")"));
        boolean novaBug = nova.path("nova_bug").asText().equals("remote_managed_pf_address");
        findings.add(refusal.isEmpty() && novaBug ? f.explainedBy(Explanation.NOVA_BUG_REMOTE_MANAGED_PF_ADDRESS) : f);
      }
      return;
    }
    Set<String> ours = new TreeSet<>();
    for (PciDevice d : host.devices()) ours.add(d.address().toString());
    Set<String> theirs = new TreeSet<>();
    nova.get("whitelisted").forEach(a -> theirs.add(a.asText()));
    if (!ours.equals(theirs)) {
      findings.add(Finding.of(Aspect.WHITELIST, -1, "we whitelist " + ours + ", Nova " + theirs));
      return;
    }
    Map<Map<String, String>, Integer> ourPools = ourPools();
    Map<Map<String, String>, Integer> novaPools = novaPools(nova.get("pools"));
    if (!ourPools.equals(novaPools)) {
      findings.add(Finding.of(Aspect.POOLS, -1, "ours " + ourPools + ", Nova's " + novaPools));
      return;
    }
    for (int i = 0; i < c.steps().size(); i++) {
      if (!step(i, c.steps().get(i), nova.get("steps").get(i))) return;
    }
  }

  /** Parses the spec and aliases and takes in the host's devices; the refusal, if any. */
  private Optional<String> setUp() {
    try {
      host = new HostDevices("h", DeviceSpecList.parse(c.deviceSpec()));
      host.update(reports());
      PciAliasList.parse(c.alias());
      return Optional.empty();
    } catch (InvalidValueException e) {
      return Optional.of(e.getMessage());
    }
  }

  private List<DeviceReport> reports() {
    List<DeviceReport> reports = new ArrayList<>();
    int vdpa = 0;
    for (Device d : c.devices()) {
      PciAddress address = PciAddress.parse(d.address());
      VendorProduct ids = new VendorProduct(d.vendorId(), d.productId());
      PciAddress parent = d.parentAddr() == null ? null : PciAddress.parse(d.parentAddr());
      DeviceReport r = switch (d.devType()) {
        case "type-PF" -> DeviceReport.pf(address, ids, d.numaNode(), d.ifname());
        case "type-VF" -> DeviceReport.vf(address, ids, parent, d.numaNode());
        case "vdpa" -> DeviceReport.vdpa(address, ids, parent, d.numaNode(),
            new VdpaDevice("vdpa" + vdpa, "/dev/vhost-vdpa-" + vdpa++));
        default -> DeviceReport.pci(address, ids, d.numaNode());
      };
      reports.add(r.withCardSerial(d.cardSerial()));
    }
    return reports;
  }

  /** One step; false when the two sides can no longer be kept on the same state. */
  private boolean step(int i, Step step, JsonNode theirs) {
    if (!step.isBoot()) {
      host.freeInstance(step.instance());
      compareCounts(i, "after the free", theirs.get("counts"));
      return true;
    }
    List<PciRequest> requests = requests(step);
    NumaPlacement numa = placement(step);
    FitQuery query = FitQuery.of(requests);
    Optional<FitPlan> plan = query.plan(host.pools(), numa);
    boolean fits = query.fits(host.pools(), numa);
    if (fits != plan.isPresent()) {
      findings.add(Finding.of(Aspect.FITS, i, "our fits() and plan() disagree"));
    }
    boolean novaFits = theirs.get("fits").asBoolean();
    boolean novaClaimed = theirs.get("claimed").asBoolean();
    if (fits != novaFits) {
      Finding f = Finding.of(Aspect.FITS, i, "we say " + fits + ", Nova's scheduler " + novaFits + " to " + describe(step));
      if (fits && theirs.path("fits_any_order").asBoolean()) {
        f = f.explainedBy(Explanation.REQUESTS_FITTED_TOGETHER);
      } else if (fits && theirs.path("fits_kinds_first").asBoolean()) {
        f = f.explainedBy(Explanation.NOVA_BUG_NUMA_COUNTS_UNREQUESTED_DEVICES);
      } else if (!fits && !novaClaimed && !theirs.path("claims_any_order").asBoolean() && asksPfAndChild(requests)) {
        f = f.explainedBy(Explanation.PF_AND_ITS_VF_IN_ONE_INSTANCE);
      }
      findings.add(f);
    }
    if (fits != novaClaimed && fits == novaFits) {
      Finding f = Finding.of(Aspect.CLAIM, i, "we claim " + fits + ", Nova " + novaClaimed + " for " + describe(step));
      if (fits && theirs.path("claims_any_order").asBoolean()) {
        f = f.explainedBy(Explanation.REQUESTS_FITTED_TOGETHER);
      } else if (fits && theirs.path("claims_kinds_first").asBoolean()) {
        f = f.explainedBy(Explanation.NOVA_BUG_NUMA_COUNTS_UNREQUESTED_DEVICES);
      }
      findings.add(f);
    }
    if (!novaClaimed) {
      compareCounts(i, "after the refused claim", theirs.get("counts"));
      return true;
    }
    FitPlan theirPlan;
    try {
      theirPlan = planOf(requests, theirs.get("devices"));
    } catch (IllegalStateException e) {
      findings.add(Finding.of(Aspect.SYNC, i, e.getMessage()));
      return false;
    }
    plan.ifPresent(ours -> comparePools(i, ours, theirPlan));
    try (PciClaim claim = host.claim(step.instance(), "claim-" + step.instance(), theirPlan)) {
      claim.commit();
      follow(requests, theirs.get("devices"), claim);
    } catch (RuntimeException e) {
      findings.add(Finding.of(Aspect.SYNC, i, "we cannot take the devices Nova took: " + e.getMessage()));
      return false;
    }
    compareCounts(i, "after the claim", theirs.get("counts_claimed"));
    host.allocate(step.instance());
    compareCounts(i, "after the allocation", theirs.get("counts"));
    return true;
  }

  /** Our requests in our order: the ports', then the flavor's aliases'. */
  private List<PciRequest> requests(Step step) {
    NumaPolicy flavorPolicy = step.flavorPolicy() == null ? null : NumaPolicy.fromApiName(step.flavorPolicy());
    List<PciRequest> requests = new ArrayList<>();
    for (int p = 0; p < step.ports().size(); p++) {
      Port port = step.ports().get(p);
      String id = "port-" + p;
      PortRequests.forPort(id, id, VnicType.fromApiName(port.vnic()), port.physnet(),
          TrustedMode.fromProfile(id, port.trusted()), null, flavorPolicy).ifPresent(requests::add);
    }
    if (step.aliases() != null) {
      AtomicInteger n = new AtomicInteger();
      requests.addAll(AliasRequests.parse(step.aliases(), PciAliasList.parse(c.alias()), flavorPolicy,
          () -> "alias-" + n.getAndIncrement()));
    }
    return requests;
  }

  private NumaPlacement placement(Step step) {
    if (step.numaCells() == null) return null;
    Map<Integer, Integer> sockets = new HashMap<>();
    c.numaNodes().forEach(n -> sockets.put(n.id(), n.socket()));
    return new NumaPlacement(Set.copyOf(step.numaCells()), sockets);
  }

  /** The plan that takes exactly the pools and PF groups of the devices Nova gave each request. */
  private FitPlan planOf(List<PciRequest> requests, JsonNode served) {
    List<FitPlan.Assignment> assignments = new ArrayList<>();
    for (int r = 0; r < requests.size(); r++) {
      Map<List<Object>, Integer> takes = new LinkedHashMap<>();
      for (JsonNode address : served.get(r)) {
        PciDevice d = host.device(PciAddress.parse(toOurs.get(address.asText())))
            .filter(x -> x.status() == DeviceStatus.AVAILABLE)
            .orElseThrow(() -> new IllegalStateException("Nova took " + address.asText() + ", which is not available here"));
        List<Object> key = new ArrayList<>();
        key.add(keyOf(d));
        key.add(groupOf(d));
        takes.merge(key, 1, Integer::sum);
      }
      List<FitPlan.Take> list = new ArrayList<>();
      takes.forEach((k, count) -> list.add(new FitPlan.Take((PoolKey) k.get(0), (PciAddress) k.get(1), count)));
      assignments.add(new FitPlan.Assignment(requests.get(r), list));
    }
    return new FitPlan(assignments);
  }

  /**
   * Pairs the devices we took with those Nova took: where we took another device of the same pool
   * and PF group than the one paired with Nova's, the two pairs swap.
   */
  private void follow(List<PciRequest> requests, JsonNode served, PciClaim claim) {
    for (int r = 0; r < requests.size(); r++) {
      List<String> paired = new ArrayList<>();
      served.get(r).forEach(a -> paired.add(toOurs.get(a.asText())));
      List<String> taken = new ArrayList<>();
      claim.devicesByRequest().get(requests.get(r).requestId()).forEach(d -> taken.add(d.address().toString()));
      List<String> extra = new ArrayList<>(taken);
      extra.removeAll(paired);
      for (String mine : paired) {
        if (taken.contains(mine)) continue;
        PciDevice want = host.device(PciAddress.parse(mine)).orElseThrow();
        String instead = extra.stream().filter(e -> alike(want, host.device(PciAddress.parse(e)).orElseThrow()))
            .findFirst().orElseThrow(() -> new IllegalStateException("took nothing like " + mine));
        extra.remove(instead);
        String novas = toNovas.get(mine);
        String other = toNovas.get(instead);
        toOurs.put(novas, instead);
        toNovas.put(instead, novas);
        toOurs.put(other, mine);
        toNovas.put(mine, other);
      }
    }
  }

  private boolean alike(PciDevice a, PciDevice b) {
    return keyOf(a) == keyOf(b) && java.util.Objects.equals(groupOf(a), groupOf(b));
  }

  private static PoolKey keyOf(PciDevice d) {
    return PoolKey.of(d.report().ids(), d.type(), d.report().numaNode(), d.parentIfname(), d.tags());
  }

  private PciAddress groupOf(PciDevice d) {
    if (d.type() == DevType.PF) return d.address();
    if (d.parentAddress() == null) return null;
    return host.device(d.parentAddress())
        .filter(p -> p.type() == DevType.PF && p.status() != DeviceStatus.REMOVED)
        .map(PciDevice::address).orElse(null);
  }

  /**
   * Which pools each request took, in the order Nova takes them (the flavor's, then the ports'). A
   * difference between pools of equal rank is a tie broken another way; so is, for the requests
   * after it, one where a request took the same pools from other PF groups (another PF of one pool,
   * or VFs of another PF), since what is left for them differs.
   */
  private void comparePools(int step, FitPlan ours, FitPlan theirs) {
    boolean tieBefore = false;
    for (boolean ports : new boolean[] {false, true}) {
      for (int r = 0; r < ours.assignments().size(); r++) {
        FitPlan.Assignment mineA = ours.assignments().get(r);
        if ((mineA.request().requesterId() != null) != ports) continue;
        Map<PoolKey, Integer> mine = taken(mineA);
        Map<PoolKey, Integer> novas = taken(theirs.assignments().get(r));
        if (mine.equals(novas)) {
          tieBefore |= !groups(mineA).equals(groups(theirs.assignments().get(r)));
          continue;
        }
        Finding f = Finding.of(Aspect.POOL_CHOICE, step, "request " + r + ": we take " + mine + ", Nova " + novas);
        boolean tie = tieBefore || ranks(mine).equals(ranks(novas));
        findings.add(tie ? f.explainedBy(Explanation.TIES_BROKEN_ANOTHER_WAY) : f);
        tieBefore |= tie;
      }
    }
  }

  private static Map<List<Object>, Integer> groups(FitPlan.Assignment a) {
    Map<List<Object>, Integer> groups = new HashMap<>();
    for (FitPlan.Take t : a.takes()) groups.merge(java.util.Arrays.asList(t.key(), t.group()), t.count(), Integer::sum);
    return groups;
  }

  private static Map<PoolKey, Integer> taken(FitPlan.Assignment a) {
    Map<PoolKey, Integer> taken = new HashMap<>();
    for (FitPlan.Take t : a.takes()) taken.merge(t.key(), t.count(), Integer::sum);
    return taken;
  }

  private static Map<Integer, Integer> ranks(Map<PoolKey, Integer> taken) {
    Map<Integer, Integer> ranks = new TreeMap<>();
    taken.forEach((k, n) -> ranks.merge(k.rank(), n, Integer::sum));
    return ranks;
  }

  private void compareCounts(int step, String when, JsonNode theirs) {
    Map<String, Integer> ours = new TreeMap<>();
    for (PciDevice d : host.devices()) ours.merge(d.status().apiName(), 1, Integer::sum);
    Map<String, Integer> novas = new TreeMap<>();
    theirs.fields().forEachRemaining(e -> novas.put(e.getKey(), e.getValue().asInt()));
    if (!ours.equals(novas)) {
      findings.add(Finding.of(Aspect.COUNTS, step, when + ": ours " + ours + ", Nova's " + novas));
    }
  }

  private static boolean asksPfAndChild(List<PciRequest> requests) {
    boolean pf = false;
    boolean child = false;
    for (PciRequest r : requests) {
      for (RequestSpec s : r.specs()) {
        if (s.devType() == DevType.PF) pf = true;
        else child = true;
      }
    }
    return pf && child;
  }

  private Map<Map<String, String>, Integer> ourPools() {
    Map<Map<String, String>, Integer> pools = new HashMap<>();
    for (Pool p : host.pools().pools()) {
      PoolKey k = p.key();
      Map<String, String> key = new TreeMap<>(k.tags());
      key.put("vendor_id", k.ids().vendorId());
      key.put("product_id", k.ids().productId());
      key.put("dev_type", k.devType().apiName().toLowerCase(java.util.Locale.ROOT));
      if (k.numaNode() != null) key.put("numa_node", k.numaNode().toString());
      if (k.parentIfname() != null) key.put("parent_ifname", k.parentIfname().toLowerCase(java.util.Locale.ROOT));
      pools.merge(key, p.count(), Integer::sum);
    }
    return pools;
  }

  private static Map<Map<String, String>, Integer> novaPools(JsonNode pools) {
    Map<Map<String, String>, Integer> out = new HashMap<>();
    for (JsonNode p : pools) {
      Map<String, String> key = new TreeMap<>();
      p.get("key").fields().forEachRemaining(e -> {
        if (!e.getValue().isNull()) key.put(e.getKey(), e.getValue().asText().toLowerCase(java.util.Locale.ROOT));
      });
      out.merge(key, p.get("count").asInt(), Integer::sum);
    }
    return out;
  }

  private static String describe(Step step) {
    return step.ports() + (step.aliases() == null ? "" : " aliases " + step.aliases())
        + (step.numaCells() == null ? "" : " on NUMA " + step.numaCells() + " " + step.flavorPolicy());
  }
}

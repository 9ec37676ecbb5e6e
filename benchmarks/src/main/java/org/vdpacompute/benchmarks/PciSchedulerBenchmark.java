package org.vdpacompute.benchmarks;

import static org.vdpacompute.benchmarks.Figures.latency;
import static org.vdpacompute.benchmarks.Figures.round;
import static org.vdpacompute.benchmarks.Figures.seconds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.core.pci.DeviceStatus;
import org.vdpacompute.core.pci.DeviceWhitelist;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.core.pci.VendorProduct;
import org.vdpacompute.core.pci.pool.FitPlan;
import org.vdpacompute.core.pci.pool.FitQuery;
import org.vdpacompute.core.pci.pool.HostPools;
import org.vdpacompute.core.pci.pool.NumaPlacement;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.PortRequests;
import org.vdpacompute.core.pci.request.TrustedMode;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.core.pci.tracker.HostDevices;
import org.vdpacompute.core.pci.tracker.PciClaim;
import org.vdpacompute.scheduler.HostNumaCell;
import org.vdpacompute.scheduler.HostState;
import org.vdpacompute.scheduler.ScheduleRequest;
import org.vdpacompute.scheduler.Scheduler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scheduler's PCI hot path on the workload of Nova's {@code nova_pci_bench.py}: H hosts, each
 * with P PFs (15b3:101d) and V VFs per PF (15b3:101e), every VF with a vDPA device, NUMA node = PF
 * index % 2, both products whitelisted on one physical network. R requests, each one vdpa port.
 *
 * <p>Phases, as in Nova's script: inventory (every host's tracker takes in its device report and
 * builds its pools, the picture the scheduler keeps), filter (every request checked against every
 * host, nothing consumed), rank (ours only: each request through the whole scheduler, every filter
 * and weigher over every host and the five best kept, for a guest of 2 vCPUs and 2 GiB without a
 * NUMA topology), claim (for each request, first host in order that fits, then the
 * scheduler's picture and the host's tracker both take the claim by the scheduler's plan, the
 * tracker checking that every device of it is still available). One JSON line on stdout; exit
 * status 0 only if the self-checks pass.
 */
@Command(name = "pci-scheduler", mixinStandardHelpOptions = true,
    description = "Inventory, filter and claim of vDPA requests over many hosts; prints one JSON line.")
public final class PciSchedulerBenchmark implements Callable<Integer> {
  private static final VendorProduct PF_IDS = new VendorProduct("15b3", "101d");
  private static final VendorProduct VF_IDS = new VendorProduct("15b3", "101e");

  @Option(names = "--hosts", defaultValue = "1000") int hosts;
  @Option(names = "--pfs", defaultValue = "2") int pfs;
  @Option(names = "--vfs-per-pf", defaultValue = "16") int vfsPerPf;
  @Option(names = "--requests", defaultValue = "1000") int requests;
  @Option(names = "--physnet", defaultValue = "physnet1") String physnet;
  @Option(names = "--no-pf-spec", description = "Whitelist only the VFs.") boolean noPfSpec;
  @Option(names = "--guest-numa-node", description = "Give every guest a NUMA topology on this host node (policy legacy).")
  Integer guestNumaNode;
  @Option(names = "--claim-scan", defaultValue = "rescan", description = "rescan (first fit from host 0 each time) or cursor.")
  String claimScan;
  @Option(names = "--warmup", defaultValue = "10",
      description = "Unmeasured runs of the whole workload first, so that the figures are of compiled code, not of the JIT.")
  int warmup;

  private boolean quiet;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PciSchedulerBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    quiet = true;
    for (int i = 0; i < warmup; i++) {
      if (run() != 0) return 1;
    }
    quiet = false;
    return run();
  }

  private int run() throws Exception {
    long wall0 = System.nanoTime();
    DeviceWhitelist whitelist = d -> {
      boolean listed = d.ids().equals(VF_IDS) || (!noPfSpec && d.ids().equals(PF_IDS));
      return listed ? Optional.of(Map.of("physical_network", physnet)) : Optional.empty();
    };
    NumaPlacement numa = guestNumaNode == null ? null : NumaPlacement.onNodes(guestNumaNode);
    List<PciRequest> reqs = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      String id = UUID.randomUUID().toString();
      reqs.add(PortRequests.forPort(id, UUID.randomUUID().toString(), VnicType.VDPA, physnet, TrustedMode.NOT_ASKED, null, null).orElseThrow());
    }
    List<DeviceReport> report = hostReport();
    String[] instances = new String[requests];
    for (int i = 0; i < requests; i++) instances[i] = UUID.randomUUID().toString();

    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("benchmark", "vdpa_compute_pci_scheduler");
    out.put("java", System.getProperty("java.version"));
    out.put("cpu_count", Runtime.getRuntime().availableProcessors());
    ObjectNode params = out.putObject("params");
    params.put("hosts", hosts).put("pfs_per_host", pfs).put("vfs_per_pf", vfsPerPf).put("requests", requests)
        .put("physnet", physnet).put("pf_in_device_spec", !noPfSpec).put("claim_scan", claimScan);
    params.put("guest_numa_node", guestNumaNode);
    params.put("warmup_runs", warmup);

    // Phase 1: inventory.
    System.gc();
    HostDevices[] trackers = new HostDevices[hosts];
    HostPools[] views = new HostPools[hosts];
    long t0 = System.nanoTime();
    for (int h = 0; h < hosts; h++) {
      trackers[h] = new HostDevices(String.format("host%05d", h), whitelist);
      trackers[h].update(report);
      views[h] = trackers[h].pools();
    }
    double inventoryS = seconds(t0);
    int devices = trackers[0].devices().size() * hosts;
    ObjectNode inv = out.putObject("inventory");
    inv.put("seconds", round(inventoryS)).put("per_host_ms", round(inventoryS / hosts * 1e3))
        .put("devices_per_s", Math.round(devices / inventoryS)).put("pools_per_host", views[0].pools().size());

    // Phase 2: filter.
    System.gc();
    double[] filterLatency = new double[requests];
    int passedMin = Integer.MAX_VALUE;
    int passedMax = 0;
    long t1 = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      long s = System.nanoTime();
      FitQuery query = FitQuery.of(List.of(reqs.get(i)));
      int passed = filterPass(query, views, numa);
      filterLatency[i] = (System.nanoTime() - s) / 1e6;
      passedMin = Math.min(passedMin, passed);
      passedMax = Math.max(passedMax, passed);
    }
    double filterS = seconds(t1);
    long evals = (long) requests * hosts;
    ObjectNode flt = out.putObject("filter");
    flt.put("seconds", round(filterS)).put("requests", requests).put("host_evaluations", evals)
        .put("requests_per_s", round(requests / filterS)).put("host_evals_per_s", Math.round(evals / filterS))
        .put("per_host_eval_us", round(filterS / evals * 1e6));
    flt.set("latency_ms", latency(json, filterLatency));
    boolean allPassed = requests == 0 || (passedMin == hosts && passedMax == hosts);
    flt.put("all_hosts_passed", allPassed);

    // Phase 2b: rank, the scheduler's whole pass: every filter and weigher over every host, the best five kept.
    System.gc();
    List<HostState> states = new ArrayList<>(hosts);
    for (int h = 0; h < hosts; h++) {
      states.add(new HostState(trackers[h].host(), true, true, 64, 0, 262144, 0, 2000, 0,
          List.of(new HostNumaCell(0, 0, 64, 262144, 0, 0)), views[h], true, true));
    }
    Scheduler scheduler = new Scheduler();
    double[] rankLatency = new double[requests];
    long t1b = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      long s = System.nanoTime();
      rankPass(scheduler, ScheduleRequest.of(instances[i], 2, 2048, 10, 0, List.of(reqs.get(i))), states);
      rankLatency[i] = (System.nanoTime() - s) / 1e6;
    }
    double rankS = seconds(t1b);
    ObjectNode rnk = out.putObject("rank");
    rnk.put("seconds", round(rankS)).put("requests_per_s", round(requests / rankS))
        .put("per_host_us", round(rankS / evals * 1e6));
    rnk.set("latency_ms", latency(json, rankLatency));

    // Phase 3: claim.
    System.gc();
    int capacity = hosts * pfs * vfsPerPf;
    int expected = Math.min(requests, capacity);
    int claimed = 0;
    long hostChecks = 0;
    long selectNs = 0;
    long applyNs = 0;
    long claimNs = 0;
    double[] claimLatency = new double[requests];
    int[] chosenHost = new int[requests];
    PciDevice[] granted = new PciDevice[requests];
    int cursor = 0;
    List<String> problems = new ArrayList<>();
    long[] phaseNs = new long[3];
    long t2 = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      int from = "cursor".equals(claimScan) ? cursor : 0;
      long s = System.nanoTime();
      PciDevice got = claimOne(reqs.get(i), instances[i], views, trackers, numa, from, chosenHost, claimed, phaseNs);
      if (got == null && chosenHost[claimed] < 0) break;
      claimLatency[claimed] = (System.nanoTime() - s) / 1e6;
      hostChecks += chosenHost[claimed] + 1 - from;
      if ("cursor".equals(claimScan)) cursor = chosenHost[claimed];
      granted[claimed] = got;
      claimed++;
    }
    selectNs = phaseNs[0];
    applyNs = phaseNs[1];
    claimNs = phaseNs[2];
    double claimS = seconds(t2);

    // Verification, untimed.
    Set<String> placements = new HashSet<>();
    for (int i = 0; i < claimed; i++) {
      PciDevice d = granted[i];
      if (d == null || d.type() != DevType.VDPA) {
        problems.add("claim " + i + " did not return one vDPA device");
      } else if (!placements.add(chosenHost[i] + "/" + d.address())) {
        problems.add("device " + d.address() + " on host " + chosenHost[i] + " handed out twice");
      }
    }
    if (claimed != expected) problems.add("claimed " + claimed + " != expected " + expected);
    int freeLeft = 0;
    int viewMismatch = 0;
    int pfBad = 0;
    int claimedStatus = 0;
    for (int h = 0; h < hosts; h++) {
      if (!views[h].equals(trackers[h].pools())) viewMismatch++;
      freeLeft += (int) trackers[h].devices().stream()
          .filter(d -> d.type() == DevType.VDPA && d.status() == DeviceStatus.AVAILABLE).count();
      Set<PciAddress> usedPfs = new HashSet<>();
      for (PciDevice d : trackers[h].devices()) {
        if (d.status() == DeviceStatus.CLAIMED) {
          claimedStatus++;
          usedPfs.add(d.parentAddress());
        }
      }
      for (PciDevice d : trackers[h].devices()) {
        if (d.type() == DevType.PF && usedPfs.contains(d.address()) && d.status() != DeviceStatus.UNCLAIMABLE) pfBad++;
      }
    }
    if (claimedStatus != claimed) problems.add(claimedStatus + " devices claimed, expected " + claimed);
    if (pfBad > 0) problems.add(pfBad + " PFs with claimed VFs not unclaimable");
    if (viewMismatch > 0) problems.add(viewMismatch + " hosts where scheduler and tracker pools differ");
    if (freeLeft != capacity - claimed) problems.add("free vdpa left " + freeLeft + " != " + (capacity - claimed));

    ObjectNode clm = out.putObject("claim");
    clm.put("seconds", round(claimS)).put("claims_per_s", round(claimed / claimS)).put("claimed", claimed)
        .put("capacity", capacity).put("expected", expected).put("host_checks", hostChecks)
        .put("select_s", round(selectNs / 1e9)).put("scheduler_apply_s", round(applyNs / 1e9))
        .put("compute_claim_s", round(claimNs / 1e9))
        .put("compute_claim_per_claim_us", claimed == 0 ? 0 : round(claimNs / 1e3 / claimed));
    clm.set("latency_ms", latency(json, Arrays.copyOf(claimLatency, claimed)));
    clm.put("verified", problems.isEmpty());
    clm.set("problems", json.valueToTree(problems));

    boolean ok = allPassed && problems.isEmpty();
    out.put("ok", ok);
    out.put("total_wall_s", round(seconds(wall0)));
    if (!quiet || !ok) System.out.println(json.writeValueAsString(out));
    return ok ? 0 : 1;
  }

  /**
   * One request against every host: the scheduler's filter pass. Kept in its own small method, as
   * in the scheduler, so that the JIT compiles it whole rather than as an on-stack replacement of
   * the long benchmark method, whose code quality varies from run to run.
   */
  private static int filterPass(FitQuery query, HostPools[] views, NumaPlacement numa) {
    int passed = 0;
    for (HostPools host : views) {
      if (query.fits(host, numa)) passed++;
    }
    return passed;
  }

  /** One request ranked over every host, as {@link #filterPass} kept in a method of its own. */
  private static void rankPass(Scheduler scheduler, ScheduleRequest request, List<HostState> states) {
    if (scheduler.schedule(request, states, 5).size() != 5) throw new IllegalStateException("fewer than five hosts ranked");
  }

  /**
   * One request through the claim path: first fit from {@code from}, the scheduler's picture takes
   * the plan, the host's tracker claims it. Records the host chosen (-1: none) at {@code slot} and
   * adds select, apply and claim nanoseconds to {@code phaseNs}; returns the device granted, or null
   * if it was not exactly one.
   */
  private static PciDevice claimOne(PciRequest request, String instance, HostPools[] views, HostDevices[] trackers,
      NumaPlacement numa, int from, int[] chosenHost, int slot, long[] phaseNs) {
    long s = System.nanoTime();
    FitQuery query = FitQuery.of(List.of(request));
    int chosen = firstFit(query, views, numa, from);
    chosenHost[slot] = chosen;
    if (chosen < 0) {
      phaseNs[0] += System.nanoTime() - s;
      return null;
    }
    FitPlan plan = query.plan(views[chosen], numa).orElseThrow();
    long s1 = System.nanoTime();
    views[chosen] = views[chosen].apply(plan);
    long s2 = System.nanoTime();
    try (PciClaim claim = trackers[chosen].claim(instance, instance, plan)) {
      claim.commit();
      long s3 = System.nanoTime();
      phaseNs[0] += s1 - s;
      phaseNs[1] += s2 - s1;
      phaseNs[2] += s3 - s2;
      List<PciDevice> got = claim.devices();
      return got.size() == 1 ? got.get(0) : null;
    }
  }

  /** The first host from {@code from} on that fits, or -1. */
  private static int firstFit(FitQuery query, HostPools[] views, NumaPlacement numa, int from) {
    for (int h = from; h < views.length; h++) {
      if (query.fits(views[h], numa)) return h;
    }
    return -1;
  }

  private List<DeviceReport> hostReport() {
    List<DeviceReport> devices = new ArrayList<>();
    for (int p = 0; p < pfs; p++) {
      PciAddress pf = new PciAddress(0, 0x06 + p / 64, (p % 64) / 8, p % 8);
      devices.add(DeviceReport.pf(pf, PF_IDS, p % 2, null));
      for (int v = 0; v < vfsPerPf; v++) {
        PciAddress vf = new PciAddress(0, 0x40 + p, v / 8, v % 8);
        int n = p * vfsPerPf + v;
        devices.add(DeviceReport.vdpa(vf, VF_IDS, pf, p % 2, new VdpaDevice("vdpa" + n, "/dev/vhost-vdpa-" + n)));
      }
    }
    return devices;
  }
}

package org.vdpacompute.benchmarks.boot;

import static org.vdpacompute.benchmarks.Figures.round;
import static org.vdpacompute.benchmarks.Figures.seconds;
import static org.vdpacompute.benchmarks.boot.CloudClient.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vdpacompute.agent.ControllerClient;
import org.vdpacompute.agent.HostReporter;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.agent.protocol.SwitchStatus;
import org.vdpacompute.app.controller.ControllerServer;
import org.vdpacompute.virt.emulated.EmulatedHypervisor;
import org.vdpacompute.virt.emulated.TopologyReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Benchmark 3: how the controller's cost grows with hosts. For each size, a fresh controller (its
 * own process, H2), or several sharing one PostgreSQL database, takes in the reports of H simulated
 * hosts, registered through the agents' own client and protocol by {@code --registrars} threads
 * (with several controllers, each takes every n-th host, and the CPU each registration cost the
 * controllers and the registrars is reported per host, a figure the machine's other load does not
 * change); then servers with vDPA ports are booted
 * through the APIs, the hosts' agent calls answered by one stub listener, and the controller's own
 * histogram of scheduling time (choose and claim) and its collections are read from
 * {@code /metrics}. The first servers warm the controller up: the JIT compiles a request's code with
 * full optimisation only after some 5,000 calls of a method called once per request, and until then
 * its compilations share the two cores with the requests measured. They are kept, not deleted, so that
 * the measured boots are the warm-up's workload going on (with each warm-up server deleted once
 * ACTIVE, every host stayed alike, and the measured boots, on hosts that differ, were slower than
 * the warm-up while the compiler threads took three times the CPU). Their scheduling times are
 * reported apart. One JSON line.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
    description = "Controller memory, inventory intake and scheduling latency at growing host counts.")
public final class ScaleBenchmark implements Callable<Integer> {
  /** The controller's histograms of a scheduling request's whole time and of its ranking part. */
  private static final String SCHEDULING = "vdpa_scheduling_duration_seconds";
  private static final String RANKING = "vdpa_scheduling_ranking_duration_seconds";
  private static final HostTopology TOPOLOGY = new HostTopology(2, 16);
  /** How long a controller may take to list the hosts another registered. */
  private static final Duration SEEN_TIMEOUT = Duration.ofMinutes(5);

  @Option(names = "--hosts", split = ",", defaultValue = "100,1000,10000",
      description = "Host counts, one run each (default: ${DEFAULT-VALUE}).")
  List<Integer> hostCounts;
  /** A thousand: the p99 of fewer is one of their few slowest, which a single collection decides. */
  @Option(names = "--servers", defaultValue = "1000", description = "Servers booted per run (default: ${DEFAULT-VALUE}).")
  int servers;
  @Option(names = "--warmup", defaultValue = "3000",
      description = "Servers booted per run before those measured, at most what leaves a tenth of the hosts' devices "
          + "free after the measured ones (default: ${DEFAULT-VALUE}).")
  int warmup;
  @Option(names = "--clients", defaultValue = "8", description = "Clients booting at once (default: ${DEFAULT-VALUE}).")
  int clients;
  @Option(names = "--boots-per-s", defaultValue = "0",
      description = "Measured boots started at this rate, at most; 0: each as soon as a client is free "
          + "(default: ${DEFAULT-VALUE}).")
  double bootsPerSecond;
  @Option(names = "--registrars", defaultValue = "16", description = "Threads registering hosts (default: ${DEFAULT-VALUE}).")
  int registrars;
  @Option(names = "--database", defaultValue = "h2",
      description = "h2 or postgresql; several controllers need postgresql (default: ${DEFAULT-VALUE}).")
  BootDatabase database;
  @Option(names = "--controllers", defaultValue = "1",
      description = "Controllers sharing the hosts: each registers every n-th host and boots every n-th server "
          + "(default: ${DEFAULT-VALUE}).")
  int controllers;
  @Option(names = "--keep", description = "Keep each run's directory (configurations, controllers' logs).")
  boolean keep;
  @Mixin ControllerProgram controllerProgram;
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScaleBenchmark()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ObjectNode out = JSON.createObjectNode();
    out.put("benchmark", "vdpa_compute_scale");
    out.put("java", System.getProperty("java.version"));
    out.put("cpu_count", Runtime.getRuntime().availableProcessors());
    out.putObject("params").put("database", database.name().toLowerCase(Locale.ROOT)).put("controllers", controllers)
        .put("servers", servers).put("warmup", warmup).put("clients", clients)
        .put("offered_boots_per_s", bootsPerSecond).put("registrars", registrars)
        .put("pfs_per_host", TOPOLOGY.pfs()).put("vfs_per_pf", TOPOLOGY.vfsPerPf());
    ArrayNode runs = out.putArray("runs");
    boolean ok = true;
    if (controllers < 1 || controllers > 1 && database == BootDatabase.H2) {
      throw new ParameterException(spec.commandLine(), "controllers share hosts on postgresql only; one or more, not "
          + controllers + " on " + database.name().toLowerCase(Locale.ROOT));
    }
    for (int hosts : hostCounts) {
      if (servers > most(hosts)) {
        throw new ParameterException(spec.commandLine(), hosts + " hosts take at most " + most(hosts)
            + " servers with a tenth of their devices left free, not " + servers);
      }
    }
    for (int hosts : hostCounts) {
      ObjectNode run = runs.addObject();
      ok &= run(hosts, run);
    }
    out.put("ok", ok);
    System.out.println(JSON.writeValueAsString(out));
    return ok ? 0 : 1;
  }

  private boolean run(int hosts, ObjectNode out) throws Exception {
    out.put("hosts", hosts);
    Path dir = Files.createTempDirectory("vdpa-compute-scale-");
    String adminPassword = BootBenchmark.password();
    String servicePassword = BootBenchmark.password();
    String connection = database.connection();
    List<ControllerProcess> started = new ArrayList<>();
    try (StubAgent agent = StubAgent.start()) {
      long s0 = System.nanoTime();
      for (int c = 0; c < controllers; c++) {
        Path own = Files.createDirectories(dir.resolve("controller-" + c));
        started.add(ControllerProcess.start(controllerProgram, own, connection,
            adminPassword, servicePassword));
      }
      out.put("controllers_start_s", round(seconds(s0)));
      List<HostReport> reports = reports(hosts, agent.url(), dir);
      ControllerClient[] registrarClients = new ControllerClient[registrars];
      for (int r = 0; r < registrars; r++) {
        registrarClients[r] = new ControllerClient(started.get(r % controllers).url(), ControllerServer.SERVICE_USER,
            servicePassword);
      }
      Duration[] cpu0 = cpu(started);
      long t0 = System.nanoTime();
      // Host i through registrar i mod R, so through controller i mod R mod C: every controller takes its share.
      BootClients.fanOut(hosts, registrars, i -> registrarClients[i % registrars].register(reports.get(i)));
      double intake = seconds(t0);
      Duration[] cpu1 = cpu(started);
      ObjectNode inventory = out.putObject("inventory").put("seconds", round(intake))
          .put("hosts_per_s", round(hosts / intake)).put("devices", (long) hosts * reports.get(0).devices().size());
      // CPU per host: what a host's registration costs, whatever else the machine was doing meanwhile.
      inventory.put("controllers_cpu_ms_per_host", round(millis(cpu1[0].minus(cpu0[0])) / hosts))
          .put("registrars_cpu_ms_per_host", round(millis(cpu1[1].minus(cpu0[1])) / hosts));
      if (connection != null) inventory.put("database_cpu_ms_per_host", round(millis(cpu1[2].minus(cpu0[2])) / hosts));
      ArrayNode rss = inventory.putArray("controller_rss_mb");
      for (ControllerProcess c : started) rss.add(round(ProcessFigures.of(c.handle()).rssMb()));

      List<CloudClient> admins = new ArrayList<>();
      for (ControllerProcess c : started) admins.add(CloudClient.login(c.url(), "admin", adminPassword, "admin"));
      if (controllers > 1) inventory.put("seen_by_every_controller_s", round(seenByAll(admins, hosts, t0)));
      BootContent content = BootContent.create(admins.get(0));
      List<BootClients> boots = new ArrayList<>();
      for (CloudClient admin : admins) boots.add(new BootClients(admin, content, Duration.ofMillis(20)));
      int warm = Math.min(warmup, most(hosts) - servers);
      long warmActive = boot(boots, "warmup", warm, 0).stream().filter(Boot::active).count();
      List<ControllerMetrics> cold = metrics(started);
      long t1 = System.nanoTime();
      List<Boot> booted = boot(boots, "scale", servers, bootsPerSecond);
      double bootSeconds = seconds(t1);
      long active = booted.stream().filter(Boot::active).count();
      out.putObject("boot").put("servers", servers).put("active", active).put("boots_per_s", round(servers / bootSeconds));
      List<ControllerMetrics> all = metrics(started);
      ArrayNode each = out.putArray("by_controller");
      for (int c = 0; c < controllers; c++) {
        ObjectNode o = each.addObject();
        o.set("scheduling_ms", all.get(c).since(cold.get(c), SCHEDULING));
        o.set("ranking_ms", all.get(c).since(cold.get(c), RANKING));
        o.set("collections", all.get(c).collectionsSince(cold.get(c)));
        o.putObject("warmup").<ObjectNode>set("scheduling_ms", cold.get(c).since(ControllerMetrics.NONE, SCHEDULING))
            .set("ranking_ms", cold.get(c).since(ControllerMetrics.NONE, RANKING));
        ProcessFigures end = ProcessFigures.of(started.get(c).handle());
        o.putObject("controller").put("peak_rss_mb", round(end.peakRssMb())).put("rss_mb", round(end.rssMb()));
      }
      out.putObject("warmup").put("servers", warm).put("active", warmActive);
      return active == servers && warmActive == warm;
    } finally {
      for (ControllerProcess c : started) c.close();
      if (keep) {
        System.err.println("scale benchmark: the run's directory is " + dir);
      } else {
        BootBenchmark.deleteTree(dir);
      }
    }
  }

  /** Boots n servers, the i-th through controller i mod C, with {@code --clients} clients per controller. */
  private List<Boot> boot(List<BootClients> boots, String prefix, int n, double perSecond) throws Exception {
    int c = boots.size();
    List<Future<List<Boot>>> shares = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(c);
    try {
      for (int k = 0; k < c; k++) {
        int share = n / c + (k < n % c ? 1 : 0);
        BootClients clientsOfK = boots.get(k);
        String name = prefix + "-c" + k;
        shares.add(pool.submit(() -> clientsOfK.boot(name, share, clients, perSecond / c)));
      }
      List<Boot> all = new ArrayList<>();
      for (Future<List<Boot>> f : shares) all.addAll(f.get());
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Seconds from {@code t0}, the first registration, until every controller lists every host among
   * its hypervisors (another controller's hosts show after a refresh).
   */
  private static double seenByAll(List<CloudClient> admins, int hosts, long t0) throws Exception {
    long wait0 = System.nanoTime();
    for (CloudClient admin : admins) {
      while (admin.get("/compute/v2.1/os-hypervisors").path("hypervisors").size() < hosts) {
        if (seconds(wait0) > SEEN_TIMEOUT.toSeconds()) {
          throw new IllegalStateException("a controller did not list all " + hosts + " hosts within " + SEEN_TIMEOUT);
        }
        Thread.sleep(200);
      }
    }
    return seconds(t0);
  }

  /** CPU used so far: the controllers together, this JVM (the registrars), the database's processes. */
  private Duration[] cpu(List<ControllerProcess> started) {
    Duration sum = Duration.ZERO;
    for (ControllerProcess c : started) sum = sum.plus(ProcessFigures.cpu(c.handle()));
    return new Duration[] {sum, ProcessFigures.cpu(ProcessHandle.current()), database.cpu()};
  }

  private static List<ControllerMetrics> metrics(List<ControllerProcess> started) throws Exception {
    List<ControllerMetrics> read = new ArrayList<>();
    for (ControllerProcess c : started) read.add(ControllerMetrics.read(c.url()));
    return read;
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }

  /** The servers, warm-up and measured, that H hosts take with a tenth of their vDPA devices left free. */
  private static int most(int hosts) {
    return hosts * TOPOLOGY.vdpaDevices() * 9 / 10;
  }

  /** H reports alike but for their host names, each as an agent of the topology would send it. */
  private static List<HostReport> reports(int hosts, String agentUrl, Path dir) throws Exception {
    Path topologyFile = TOPOLOGY.writeTo(dir.resolve("host-topology.json"));
    EmulatedHypervisor template = new EmulatedHypervisor("sim-0", TopologyReader.read(topologyFile), dir.resolve("sim"));
    // Heartbeats of an hour: the simulated hosts stay up without beating during the run.
    HostReport report = new HostReporter(template, template.driver().devices(), 3, 3600, 1000,
        List.of(HostTopology.deviceSpec(BootContent.PHYSNET)), URI.create(agentUrl), () -> SwitchStatus.NOT_MANAGED)
        .report();
    List<HostReport> reports = new ArrayList<>(hosts);
    for (int h = 0; h < hosts; h++) reports.add(report.withHost(String.format("sim-%05d", h)));
    return reports;
  }
}

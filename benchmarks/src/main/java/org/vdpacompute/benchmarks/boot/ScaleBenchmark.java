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
import java.util.concurrent.Callable;
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
 * own process, H2) takes in the reports of H simulated hosts, registered through the agents' own
 * client and protocol by {@code --registrars} threads; then servers with vDPA ports are booted
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
  @Mixin ControllerProgram controllerProgram;
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScaleBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ObjectNode out = JSON.createObjectNode();
    out.put("benchmark", "vdpa_compute_scale");
    out.put("java", System.getProperty("java.version"));
    out.put("cpu_count", Runtime.getRuntime().availableProcessors());
    out.putObject("params").put("servers", servers).put("warmup", warmup).put("clients", clients)
        .put("offered_boots_per_s", bootsPerSecond).put("registrars", registrars)
        .put("pfs_per_host", TOPOLOGY.pfs()).put("vfs_per_pf", TOPOLOGY.vfsPerPf());
    ArrayNode runs = out.putArray("runs");
    boolean ok = true;
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
    try (StubAgent agent = StubAgent.start();
        ControllerProcess controller = ControllerProcess.start(controllerProgram.jar, controllerProgram.javaOptions(), dir, null,
            adminPassword, servicePassword)) {
      List<HostReport> reports = reports(hosts, agent.url(), dir);
      ControllerClient[] registrarClients = new ControllerClient[registrars];
      for (int r = 0; r < registrars; r++) {
        registrarClients[r] = new ControllerClient(controller.url(), ControllerServer.SERVICE_USER, servicePassword);
      }
      long t0 = System.nanoTime();
      BootClients.fanOut(hosts, registrars, i -> registrarClients[i % registrars].register(reports.get(i)));
      double intake = seconds(t0);
      ProcessFigures afterIntake = ProcessFigures.of(controller.handle());
      out.putObject("inventory").put("seconds", round(intake)).put("hosts_per_s", round(hosts / intake))
          .put("devices", (long) hosts * reports.get(0).devices().size())
          .put("controller_rss_mb", round(afterIntake.rssMb()));

      CloudClient admin = CloudClient.login(controller.url(), "admin", adminPassword, "admin");
      BootContent content = BootContent.create(admin);
      BootClients boots = new BootClients(admin, content, Duration.ofMillis(20));
      int warm = Math.min(warmup, most(hosts) - servers);
      long warmActive = boots.boot("warmup", warm, clients).stream().filter(Boot::active).count();
      ControllerMetrics cold = ControllerMetrics.read(controller.url());
      long t1 = System.nanoTime();
      List<Boot> booted = boots.boot("scale", servers, clients, bootsPerSecond);
      double bootSeconds = seconds(t1);
      long active = booted.stream().filter(Boot::active).count();
      out.putObject("boot").put("servers", servers).put("active", active).put("boots_per_s", round(servers / bootSeconds));
      ControllerMetrics all = ControllerMetrics.read(controller.url());
      out.set("scheduling_ms", all.since(cold, SCHEDULING));
      out.set("ranking_ms", all.since(cold, RANKING));
      out.set("collections", all.collectionsSince(cold));
      out.putObject("warmup").put("servers", warm).put("active", warmActive)
          .<ObjectNode>set("scheduling_ms", cold.since(ControllerMetrics.NONE, SCHEDULING))
          .set("ranking_ms", cold.since(ControllerMetrics.NONE, RANKING));
      ProcessFigures end = ProcessFigures.of(controller.handle());
      out.putObject("controller").put("peak_rss_mb", round(end.peakRssMb())).put("rss_mb", round(end.rssMb()));
      return active == servers && warmActive == warm;
    } finally {
      BootBenchmark.deleteTree(dir);
    }
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

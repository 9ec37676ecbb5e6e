package org.vdpacompute.benchmarks.boot;

import static org.vdpacompute.benchmarks.Figures.latency;
import static org.vdpacompute.benchmarks.Figures.round;
import static org.vdpacompute.benchmarks.Figures.seconds;
import static org.vdpacompute.benchmarks.boot.CloudClient.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Servers with vDPA ports booted end to end: the controller in its own process, as an operator
 * runs it, on H2 or PostgreSQL; H emulated hosts' agents in this JVM, each with its own listener
 * and registered over the agent protocol; C clients that each create a vDPA port, create a server
 * on it and poll it until ACTIVE, N servers in all. Then the server list with all N, and
 * self-checks read back through the APIs. One JSON line on stdout; exit status 0 only if every
 * server went ACTIVE and the checks pass.
 */
@Command(name = "boot", mixinStandardHelpOptions = true,
    description = "Boots servers with vDPA ports through the APIs, end to end; prints one JSON line.")
public final class BootBenchmark implements Callable<Integer> {
  @Option(names = "--hosts", defaultValue = "100", description = "Emulated compute hosts (default: ${DEFAULT-VALUE}).")
  int hosts;
  @Option(names = "--servers", defaultValue = "1000", description = "Servers to boot (default: ${DEFAULT-VALUE}).")
  int servers;
  @Option(names = "--clients", defaultValue = "16", description = "Clients booting at once (default: ${DEFAULT-VALUE}).")
  int clients;
  @Option(names = "--pfs", defaultValue = "2", description = "PFs per host (default: ${DEFAULT-VALUE}).")
  int pfs;
  @Option(names = "--vfs-per-pf", defaultValue = "16", description = "VFs per PF, each with a vDPA device (default: ${DEFAULT-VALUE}).")
  int vfsPerPf;
  @Option(names = "--database", defaultValue = "h2", description = "h2 or postgresql (default: ${DEFAULT-VALUE}).")
  BootDatabase database;
  @Option(names = "--poll-interval-ms", defaultValue = "20",
      description = "Pause before each poll of a building server; the resolution of time to ACTIVE (default: ${DEFAULT-VALUE}).")
  int pollIntervalMs;
  @Option(names = "--list-requests", defaultValue = "20",
      description = "Requests of the server list with every server (default: ${DEFAULT-VALUE}).")
  int listRequests;
  @Mixin ControllerProgram controllerProgram;
  /** Long enough for every PostgreSQL server process to have reported its counts (it does at most every 500 ms). */
  private static final Duration ACTIVITY_REPORT_DELAY = Duration.ofSeconds(1);

  @Spec CommandSpec spec;

  @Option(names = "--warmup", defaultValue = "200",
      description = "Servers booted and deleted before the measured ones, so that the figures are of a warm controller; "
          + "in rounds of at most half what the hosts hold (default: ${DEFAULT-VALUE}).")
  int warmup;
  /**
   * A warm-up round's size: half of what the hosts take. Rounds that filled every device failed now
   * and then on their last servers, when 16 clients raced for the last free devices of a full cloud.
   */
  private int warmupRound;
  @Option(names = "--keep", description = "Keep the run's directory (configurations, controller log, hosts' state).")
  boolean keep;
  /**
   * Where the emulated hosts keep their guests' files: memory by default. The hosts stand for H
   * hypervisors with a disk each, and sharing one file system makes their file churn the kernel's
   * cost: ext4 without a journal skips, when it allocates a file, every inode freed in the last
   * one to six minutes, and the hosts free two per deleted server.
   */
  @Option(names = "--hosts-dir", defaultValue = "/dev/shm",
      description = "Where the emulated hosts keep their guests, in a directory of the run's own; the run's directory "
          + "when this one is not a writable directory (default: ${DEFAULT-VALUE}, memory).")
  Path hostsBase;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BootBenchmark()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    HostTopology topology;
    try {
      topology = new HostTopology(pfs, vfsPerPf);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    int capacity = hosts * topology.vdpaDevices();
    int most = Math.min(capacity, BootContent.MAX_PORTS);
    if (hosts < 1 || servers < 1 || clients < 1 || warmup < 0 || servers > most) {
      throw new ParameterException(spec.commandLine(), "need at least one host, server and client, and at most " + most
          + " measured servers (" + hosts + " hosts x " + topology.vdpaDevices() + " vDPA devices)");
    }
    warmupRound = Math.max(1, most / 2);
    Path dir = Files.createTempDirectory("vdpa-compute-boot-");
    Path hostsDir = dir;
    try {
      if (Files.isDirectory(hostsBase) && Files.isWritable(hostsBase)) {
        hostsDir = Files.createTempDirectory(hostsBase, "vdpa-compute-boot-hosts-");
      }
      ObjectNode out = run(topology, dir, hostsDir);
      System.out.println(JSON.writeValueAsString(out));
      return out.path("ok").asBoolean() ? 0 : 1;
    } finally {
      if (keep) {
        System.err.println("boot benchmark: the run's directory is " + dir
            + (hostsDir.equals(dir) ? "" : ", the hosts' is " + hostsDir));
      } else {
        deleteTree(dir);
        if (!hostsDir.equals(dir)) deleteTree(hostsDir);
      }
    }
  }

  private ObjectNode run(HostTopology topology, Path dir, Path hostsDir) throws Exception {
    long wall0 = System.nanoTime();
    ObjectNode out = JSON.createObjectNode();
    out.put("benchmark", "vdpa_compute_boot");
    out.put("java", System.getProperty("java.version"));
    out.put("cpu_count", Runtime.getRuntime().availableProcessors());
    ObjectNode params = out.putObject("params");
    params.put("hosts", hosts).put("servers", servers).put("clients", clients).put("pfs_per_host", pfs)
        .put("vfs_per_pf", vfsPerPf).put("database", database.name().toLowerCase(Locale.ROOT))
        .put("poll_interval_ms", pollIntervalMs).put("list_requests", listRequests).put("warmup_servers", warmup)
        .put("controller_java_opts", controllerProgram.javaOpts).put("hosts_dir", hostsDir.toString());

    String adminPassword = password();
    String servicePassword = password();
    ObjectNode setup = out.putObject("setup");
    long t0 = System.nanoTime();
    String connection = database.connection();
    try (ControllerProcess controller = ControllerProcess.start(controllerProgram, dir, connection,
        adminPassword, servicePassword)) {
      setup.put("controller_start_s", round(seconds(t0)));
      CloudClient admin = CloudClient.login(controller.url(), "admin", adminPassword, "admin");
      BootContent content = BootContent.create(admin);
      Path topologyFile = topology.writeTo(dir.resolve("host-topology.json"));
      // What the agents cost this JVM: threads, and heap (its resident set is the fixed, touched heap).
      int threads0 = ManagementFactory.getThreadMXBean().getThreadCount();
      long heap0 = heapUsedAfterGc();
      long t1 = System.nanoTime();
      EmulatedAgents agents = EmulatedAgents.start(hosts, topologyFile, HostTopology.deviceSpec(BootContent.PHYSNET),
          controller.url(), servicePassword, hostsDir);
      try {
        setup.put("agents_start_s", round(seconds(t1)))
            .put("agents_threads", ManagementFactory.getThreadMXBean().getThreadCount() - threads0)
            .put("agents_heap_mb", round((heapUsedAfterGc() - heap0) / 1048576.0));

        BootClients bootClients = new BootClients(admin, content, Duration.ofMillis(pollIntervalMs));
        warmUp(bootClients, out.putObject("warmup"));

        List<Boot> boots = measureBoots(bootClients, controller, connection, out);

        JsonNode detail = list(admin, out.putObject("list"));
        BootChecks checks = BootChecks.read(admin, boots, detail, content.networkId());
        ObjectNode checked = out.putObject("checks");
        checked.put("servers_active", checks.activeListed()).put("distinct_host_pci_slots", checks.distinctHostSlots())
            .put("vdpa_allocated", checks.allocatedVdpa()).set("problems", JSON.valueToTree(checks.problems()));

        ProcessFigures figures = ProcessFigures.of(controller.handle());
        out.putObject("controller").put("peak_rss_mb", round(figures.peakRssMb())).put("rss_mb", round(figures.rssMb()));
        out.put("ok", checks.passed());
      } finally {
        agents.close();
      }
    }
    out.put("total_wall_s", round(seconds(wall0)));
    return out;
  }

  /**
   * The measured boots, with the CPU that the controller, this JVM and the database used meanwhile,
   * the controller's collections and, on PostgreSQL, the database's work.
   */
  private List<Boot> measureBoots(BootClients bootClients, ControllerProcess controllerProcess, String connection,
      ObjectNode out) throws Exception {
    ProcessHandle controller = controllerProcess.handle();
    ControllerMetrics metrics0 = ControllerMetrics.read(controllerProcess.url());
    ProcessHandle self = ProcessHandle.current();
    // Before the processes' CPU times, so that reading every thread's times is not counted as a boot's.
    Duration controllerJit0 = ProcessFigures.jitCompilerCpu(controller);
    Duration selfJit0 = ProcessFigures.jitCompilerCpu(self);
    Duration controllerCpu0 = ProcessFigures.cpu(controller);
    Duration selfCpu0 = ProcessFigures.cpu(self);
    Duration databaseCpu0 = database.cpu();
    DatabaseActivity activity0 = connection == null ? null : DatabaseActivity.of(connection);
    long b0 = System.nanoTime();
    List<Boot> boots = bootClients.boot("bench", servers, clients);
    double bootSeconds = (boots.stream().mapToLong(Boot::seenAtNanos).max().orElse(b0) - b0) / 1e9;
    putBoots(out.putObject("boot"), boots, bootSeconds);
    ObjectNode cpu = out.putObject("cpu_ms_per_boot");
    cpu.put("controller", perBoot(ProcessFigures.cpu(controller).minus(controllerCpu0)))
        .put("agents_and_clients", perBoot(ProcessFigures.cpu(self).minus(selfCpu0)));
    ObjectNode jit = out.putObject("jit_compiler_cpu_ms_per_boot");
    jit.put("controller", perBoot(ProcessFigures.jitCompilerCpu(controller).minus(controllerJit0)))
        .put("agents_and_clients", perBoot(ProcessFigures.jitCompilerCpu(self).minus(selfJit0)));
    ControllerMetrics metrics1 = ControllerMetrics.read(controllerProcess.url());
    out.set("collections", metrics1.collectionsSince(metrics0));
    out.set("requests_per_boot", metrics1.requestsSince(metrics0, servers));
    if (connection != null) {
      cpu.put("database", perBoot(database.cpu().minus(databaseCpu0)));
      // Heartbeats and the clients' polls included: all that the database did while the servers booted.
      Thread.sleep(ACTIVITY_REPORT_DELAY.toMillis());
      DatabaseActivity activity = DatabaseActivity.of(connection).since(activity0);
      out.putObject("database_per_boot").put("transactions", round((double) activity.transactions() / servers))
          .put("rows_written", round((double) activity.rowsWritten() / servers));
    }
    return boots;
  }

  /**
   * Boots and deletes {@code --warmup} servers first, unmeasured: the first boots of a cold
   * controller take seconds (classes loaded, code interpreted, connections opened) and would be
   * most of the p99. They are booted in rounds, each deleted before the next, so that there may be
   * more of them than the hosts hold, for a controller as warm as one that has run for a while.
   */
  private void warmUp(BootClients bootClients, ObjectNode node) throws Exception {
    double bootSeconds = 0;
    double deleteSeconds = 0;
    int rounds = 0;
    for (int left = warmup; left > 0; left -= warmupRound, rounds++) {
      long w0 = System.nanoTime();
      List<Boot> boots = bootClients.boot("warmup", Math.min(left, warmupRound), clients);
      bootSeconds += seconds(w0);
      for (Boot b : boots) {
        if (!b.active()) throw new IllegalStateException("warm-up server " + b.serverId() + " did not go ACTIVE: " + b.outcome());
      }
      long d0 = System.nanoTime();
      bootClients.delete(boots, clients);
      deleteSeconds += seconds(d0);
    }
    node.put("servers", warmup).put("rounds", rounds).put("boot_s", round(bootSeconds)).put("delete_s", round(deleteSeconds));
  }

  private void putBoots(ObjectNode node, List<Boot> boots, double bootSeconds) {
    List<Boot> active = boots.stream().filter(Boot::active).toList();
    node.put("seconds", round(bootSeconds)).put("active", active.size()).put("failed", boots.size() - active.size())
        .put("boots_per_s", round(active.size() / bootSeconds));
    node.set("time_to_active_ms", latency(JSON, values(active, Boot::toActiveMs)));
    node.set("port_create_ms", latency(JSON, values(boots, Boot::portCreateMs)));
    node.set("server_create_ms", latency(JSON, values(boots, Boot::serverCreateMs)));
    node.put("polls_per_boot", round(active.stream().mapToInt(Boot::polls).average().orElse(0)));
  }

  /** The list of servers with every one of them, {@code --list-requests} times one after another; the last answer. */
  private JsonNode list(CloudClient admin, ObjectNode node) throws IOException, InterruptedException {
    double[] ms = new double[listRequests];
    JsonNode last = null;
    long l0 = System.nanoTime();
    for (int i = 0; i < listRequests; i++) {
      long s = System.nanoTime();
      last = admin.get("/compute/v2.1/servers/detail");
      ms[i] = (System.nanoTime() - s) / 1e6;
    }
    double listSeconds = seconds(l0);
    node.put("requests", listRequests).put("servers_listed", last == null ? 0 : last.path("servers").size())
        .put("requests_per_s", round(listRequests / listSeconds));
    node.set("latency_ms", latency(JSON, ms));
    return last == null ? admin.get("/compute/v2.1/servers/detail") : last;
  }

  private static double[] values(List<Boot> boots, ToDoubleFunction<Boot> field) {
    return boots.stream().mapToDouble(field).filter(v -> !Double.isNaN(v)).toArray();
  }

  private double perBoot(Duration cpu) {
    return round(cpu.toNanos() / 1e6 / servers);
  }

  private static long heapUsedAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static String password() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}

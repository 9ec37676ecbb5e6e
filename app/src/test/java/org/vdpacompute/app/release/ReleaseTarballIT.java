package org.vdpacompute.app.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.vdpacompute.app.allinone.CloudApi;
import org.vdpacompute.app.config.SampleConfig;
import org.vdpacompute.app.startup.StateLock;

/**
 * The release as an operator installs it: the tarball {@code mvn package} made, unpacked into a
 * temporary prefix, whose {@code bin/vdpa-compute} runs a controller and a compute agent as
 * processes of their own from configurations written from the shipped sample; and every way a
 * start is refused, each one line on standard error, exit status 2, nothing written. The tests
 * share the unpacked release and nothing else, so they run side by side.
 */
@Execution(ExecutionMode.CONCURRENT)
class ReleaseTarballIT {
  private static final String VERSION = System.getProperty("project.version");
  private static final Path TARBALL = Path.of(System.getProperty("release.tarball"));
  // Roomy: JVMs start slowly on a loaded two-core machine; a test that gives up early proves nothing.
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir static Path dir;
  private static Path prefix;

  @BeforeAll
  static void unpack() throws Exception {
    Process tar = new ProcessBuilder("tar", "-xzf", TARBALL.toString(), "-C", dir.toString())
        .redirectErrorStream(true).start();
    assertThat(tar.waitFor()).as(new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    prefix = dir.resolve("vdpa-compute-" + VERSION);
  }

  @Test
  void theTarballHoldsTheProgramItsSampleConfigurationAndItsUnits() throws Exception {
    assertThat(prefix.resolve("bin/vdpa-compute")).isExecutable();
    assertThat(prefix.resolve("pom.xml")).as("a release never builds").doesNotExist();
    try (Stream<Path> jars = Files.list(prefix.resolve("lib"))) {
      assertThat(jars.map(p -> p.getFileName().toString()))
          .contains("vdpa-compute-app-" + VERSION + ".jar", "vdpa-compute-core-" + VERSION + ".jar")
          .allSatisfy(name -> assertThat(name).endsWith(".jar"));
    }
    assertThat(prefix.resolve("etc/vdpa-compute.conf.sample")).hasContent(SampleConfig.text());
    assertThat(prefix.resolve("docs/operations.md")).exists();

    Run version = run(List.of("--version"));
    assertThat(version.status()).isZero();
    assertThat(version.out()).isEqualTo("vdpa-compute " + VERSION + "\n");

    // The units point at /opt/vdpa-compute; systemd checks them pointed at this prefix instead.
    Path units = Files.createDirectories(dir.resolve("units"));
    for (String unit : List.of("vdpa-compute-controller.service", "vdpa-compute-agent.service")) {
      String text = Files.readString(prefix.resolve("systemd").resolve(unit));
      assertThat(text).contains("ExecStart=/opt/vdpa-compute/bin/vdpa-compute ");
      Files.writeString(units.resolve(unit), text.replace("/opt/vdpa-compute", prefix.toString()));
    }
    Process verify = new ProcessBuilder("systemd-analyze", "verify",
        units.resolve("vdpa-compute-controller.service").toString(), units.resolve("vdpa-compute-agent.service").toString())
        .redirectErrorStream(true).start();
    String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(verify.waitFor()).as(said).isZero();
    assertThat(said).as("systemd-analyze verify has nothing to say").isEmpty();
  }

  /**
   * The controller and an agent from the release, configured from the sample: the agent registers
   * and is up; killed with SIGKILL it goes down after six missed heartbeats; started again it is up
   * again, the same service. Debug as the option and as the key; no warning on a normal start; an
   * access-log line per request; every agent line names its host.
   */
  @Test
  void aControllerAndAnAgentRunFromTheReleaseAndTheControllerSeesTheAgent() throws Exception {
    int port = freePort();
    Path controllerConf = fromSample("controller.conf", Map.of(
        "DEFAULT", Map.of("state_path", dir.resolve("controller-state").toString()),
        "api", Map.of("listen", "127.0.0.1:" + port),
        "identity", Map.of("admin_password", "admin-secret", "service_password", "service-secret")));
    Path agentConf = fromSample("compute.conf", Map.of(
        "DEFAULT", Map.of("host", "release-0", "state_path", dir.resolve("release-0").toString(), "debug", "true"),
        "identity", Map.of("service_password", "service-secret"),
        "compute", Map.of("driver", "emulated", "controller_url", "http://127.0.0.1:" + port, "heartbeat_interval", "1"),
        "pci", Map.of("device_spec", "{\"vendor_id\": \"15b3\", \"physical_network\": \"physnet4\"}")));
    Path controllerLog = dir.resolve("controller.log");
    Path agentLog = dir.resolve("agent.log");
    Process controller = start(List.of("controller", "--config", controllerConf.toString(), "--debug"), controllerLog);
    Process agent = null;
    try {
      awaitHealthy(port, controller, controllerLog);
      agent = start(List.of("compute", "--config", agentConf.toString()), agentLog);
      CloudApi admin = CloudApi.login(port, "admin", "admin-secret", "admin");
      JsonNode up = awaitService(admin, "up", agentLog);
      assertThat(admin.get("/compute/v2.1/os-hypervisors").findValuesAsText("hypervisor_hostname"))
          .containsExactly("release-0");

      // The registration shows before its request ends, and so before its access-log line.
      List<String> controllerLines = awaitLine(controllerLog, "PUT /agent/v1/hosts/release-0 ");
      assertThat(controllerLines).as("no warning on a normal start")
          .noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR "));
      assertThat(controllerLines).as("--debug").anySatisfy(l -> assertThat(l).contains(" DEBUG ").contains("configuration"));
      assertThat(controllerLines).as("one access-log line per request")
          .anySatisfy(l -> assertThat(l).matches(".* INFO  \\[req-[0-9a-f-]{36}\\] .*: GET /healthcheck 200 \\d+ ms user=- project=-"))
          .anySatisfy(l -> assertThat(l).matches(".*: PUT /agent/v1/hosts/release-0 200 \\d+ ms user=\\w+ project=\\w+"));

      agent.destroyForcibly().waitFor();
      List<String> agentLines = Files.readAllLines(agentLog);
      assertThat(agentLines).as("no warning on a normal start").noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR "))
          .allSatisfy(l -> assertThat(l).contains("[release-0] "))
          .anySatisfy(l -> assertThat(l).contains("INFO ").contains("host release-0 registered"));
      assertThat(agentLines).as("[DEFAULT] debug").anySatisfy(l -> assertThat(l).contains(" DEBUG ").contains("configuration"));
      awaitService(admin, "down", agentLog);
      agent = start(List.of("compute", "--config", agentConf.toString()), agentLog);
      JsonNode again = awaitService(admin, "up", agentLog);
      assertThat(again.get("id").asText()).isEqualTo(up.get("id").asText());

      agent.destroy();
      assertThat(agent.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      controller.destroy();
      assertThat(controller.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("SIGTERM stops the controller").isTrue();
      assertThat(controller.exitValue()).as("stopped by SIGTERM, after its shutdown hook").isEqualTo(143);
    } finally {
      if (agent != null) agent.destroyForcibly().waitFor();
      controller.destroyForcibly().waitFor();
    }
  }

  @Test
  void aControllerOnAnAddressInUseSaysSoInOneLineAndWritesNothing() throws Exception {
    Path state = dir.resolve("address-in-use");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path conf = controllerConf("address-in-use.conf", taken.getLocalPort(), state);
      assertRefused(List.of("controller", "--config", conf.toString()),
          "cannot listen on 127.0.0.1:" + taken.getLocalPort() + " ([api] listen in " + conf + "): Address already in use");
    }
    assertThat(state).as("nothing written").doesNotExist();
  }

  @Test
  void aControllerOnAStateDirectoryInUseSaysSoInOneLineAndWritesNothing() throws Exception {
    Path state = dir.resolve("held");
    StateLock held = StateLock.acquire(state, "this test");
    try {
      Map<String, String> before = snapshot(state);
      Path conf = controllerConf("held.conf", freePort(), state);
      assertRefused(List.of("controller", "--config", conf.toString()),
          "the state directory " + state + " ([DEFAULT] state_path in " + conf + ") is in use by another vdpa-compute"
              + " process (pid " + ProcessHandle.current().pid() + "): stop that process, or choose another directory");
      assertThat(snapshot(state)).as("nothing written").isEqualTo(before);
    } finally {
      held.close();
    }
  }

  @Test
  void anAgentWithABadTopologySaysSoInOneLineAndWritesNothing() throws Exception {
    Path topology = Files.writeString(dir.resolve("bad-topology.json"), "{\"numa_nodes\": [");
    Path state = dir.resolve("bad-topology-host");
    Path conf = Files.writeString(dir.resolve("bad-topology.conf"), String.join("\n", "[DEFAULT]", "host = bad-0",
        "state_path = " + state, "[identity]", "service_password = s", "[compute]", "driver = emulated",
        "controller_url = http://127.0.0.1:9", "[emulated]", "topology = " + topology, ""));
    Run run = assertRefused(List.of("compute", "--config", conf.toString()), null);
    assertThat(run.err()).startsWith("vdpa-compute: topology " + topology + ": ");
    assertThat(state).as("nothing written").doesNotExist();
  }

  @Test
  void aConfigurationThatCannotBeReadIsOneLine() throws Exception {
    Path conf = Files.write(dir.resolve("latin1.conf"), "[DEFAULT]\nhost = caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertRefused(List.of("controller", "--config", conf.toString()), conf + ": is not UTF-8 text");
    Path missing = dir.resolve("missing.conf");
    assertRefused(List.of("compute", "--config", missing.toString()), missing + ": no such configuration file");
  }

  /** Not the operator's configuration to fix but a peer to bring up: one line still, exit status 1. */
  @Test
  void aDatabaseOrAControllerThatCannotBeReachedIsOneLineWithStatusOne() throws Exception {
    int closed = freePort();
    Path conf = Files.writeString(dir.resolve("no-database.conf"), String.join("\n", "[DEFAULT]",
        "state_path = " + dir.resolve("no-database"), "[api]", "listen = 127.0.0.1:" + freePort(),
        "[database]", "connection = jdbc:postgresql://127.0.0.1:" + closed + "/vdpa?user=vdpa&password=secret",
        "[identity]", "admin_password = a", "service_password = s", ""));
    Run database = run(List.of("controller", "--config", conf.toString()));
    assertThat(database.status()).as(database.err()).isEqualTo(1);
    assertThat(database.err().lines()).as(database.err()).singleElement().satisfies(line -> assertThat(line)
        .startsWith("vdpa-compute: database jdbc:postgresql://127.0.0.1:" + closed + "/vdpa").doesNotContain("secret"));
    Path agentConf = Files.writeString(dir.resolve("no-controller.conf"), String.join("\n", "[DEFAULT]",
        "host = lonely-0", "state_path = " + dir.resolve("no-controller"), "[identity]", "service_password = s",
        "[compute]", "driver = emulated", "controller_url = http://127.0.0.1:" + closed, ""));
    Run agent = run(List.of("compute", "--config", agentConf.toString()));
    assertThat(agent.status()).as(agent.err()).isEqualTo(1);
    assertThat(agent.err().lines()).as(agent.err()).singleElement().satisfies(line -> assertThat(line)
        .startsWith("vdpa-compute: cannot reach the controller at http://127.0.0.1:" + closed));
  }

  @Test
  void anAllInOneOnAPortInUseOrWithABadTopologySaysSoInOneLineAndWritesNothing() throws Exception {
    Path data = dir.resolve("all-in-one");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertRefused(List.of("all-in-one", "--data-dir", data.toString(), "--port", Integer.toString(taken.getLocalPort())),
          "cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (--port): Address already in use");
    }
    assertThat(data).as("nothing written").doesNotExist();
    Path topology = Files.writeString(dir.resolve("all-in-one-topology.json"), "[]");
    Run run = assertRefused(List.of("all-in-one", "--data-dir", data.toString(), "--port", "0", "--topology",
        topology.toString()), null);
    assertThat(run.err()).startsWith("vdpa-compute: topology " + topology + ": ");
    assertThat(data).as("nothing written").doesNotExist();
  }

  /** The command exits 2 having printed one line on standard error, and nothing on standard output. */
  private static Run assertRefused(List<String> args, String message) throws Exception {
    Run run = run(args);
    assertThat(run.status()).as(run.err()).isEqualTo(2);
    assertThat(run.err().lines()).as("one line: " + run.err()).hasSize(1);
    if (message != null) assertThat(run.err()).isEqualTo("vdpa-compute: " + message + "\n");
    assertThat(run.out()).isEmpty();
    return run;
  }

  private record Run(int status, String out, String err) {}

  private static Run run(List<String> args) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = command(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("vdpa-compute " + args + " ends").isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static Process start(List<String> args, Path log) throws IOException {
    return command(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  /** {@code PREFIX/bin/vdpa-compute ARGS}, with this JVM's java as an operator's JAVA_HOME. */
  private static ProcessBuilder command(List<String> args) {
    List<String> command = new ArrayList<>(List.of(prefix.resolve("bin/vdpa-compute").toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return pb;
  }

  /** The shipped sample with the given keys uncommented and set, as an operator edits it. */
  private static Path fromSample(String name, Map<String, Map<String, String>> settings) throws IOException {
    List<String> lines = new ArrayList<>();
    String section = null;
    for (String line : Files.readAllLines(prefix.resolve("etc/vdpa-compute.conf.sample"))) {
      if (line.startsWith("[")) section = line.substring(1, line.length() - 1);
      String key = line.startsWith("#") && line.contains(" = ") ? line.substring(1, line.indexOf(" = ")) : null;
      String value = key == null || section == null ? null : settings.getOrDefault(section, Map.of()).get(key);
      lines.add(value == null ? line : key + " = " + value);
    }
    return Files.write(dir.resolve(name), lines);
  }

  private static Path controllerConf(String name, int port, Path state) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", "[DEFAULT]", "state_path = " + state,
        "[api]", "listen = 127.0.0.1:" + port, "[identity]", "admin_password = a", "service_password = s", ""));
  }

  /** Every file under the directory with its size and time: what a write would change. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.toList()) {
        files.put(root.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return files;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void awaitHealthy(int port, Process controller, Path log) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (CloudApi.anonymous(port).call("GET", "/healthcheck", null).status() != 200) {
      if (!controller.isAlive() || Instant.now().isAfter(deadline)) {
        throw new AssertionError("the controller did not start: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  /** The log's lines once one of them contains {@code text}. */
  private static List<String> awaitLine(Path log, String text) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (true) {
      List<String> lines = Files.readAllLines(log);
      if (lines.stream().anyMatch(l -> l.contains(text))) return lines;
      if (Instant.now().isAfter(deadline)) throw new AssertionError("no line with " + text + " in " + lines);
      Thread.sleep(50);
    }
  }

  private static JsonNode awaitService(CloudApi admin, String state, Path agentLog) throws Exception {
    try {
      return admin.awaitJson("/compute/v2.1/os-services", j -> j.get("services").findValuesAsText("state").equals(List.of(state)),
          WAIT).get("services").get(0);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nthe agent's log:\n" + Files.readString(agentLog), e);
    }
  }
}

package org.vdpacompute.benchmarks.boot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The controller as an operator runs it, {@code bin/vdpa-compute controller --config FILE} (which
 * execs its JVM, so the process is the controller's JVM), in a process of its own: its memory and
 * CPU figures are then the controller's alone, not the agents' or the clients'. Its configuration and log ({@code controller.log}) are in the
 * directory given.
 */
final class ControllerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final URI url;
  private final Path log;

  private ControllerProcess(Process process, URI url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /**
   * Writes the configuration into {@code dir} and starts the controller on a free loopback port,
   * returning once it answers.
   *
   * @param databaseUrl the {@code [database] connection}; null for the default, H2 under the state path
   */
  static ControllerProcess start(ControllerProgram program, Path dir, String databaseUrl,
      String adminPassword, String servicePassword) throws IOException, InterruptedException {
    if (!Files.isExecutable(program.program)) {
      throw new IOException("no controller program at " + program.program + ": give bin/vdpa-compute");
    }
    int port = freePort();
    Path config = dir.resolve("controller.conf");
    Files.writeString(config, String.join("\n",
        "[DEFAULT]",
        "state_path = " + dir.resolve("state"),
        "",
        "[api]",
        "listen = 127.0.0.1:" + port,
        "",
        databaseUrl == null ? "" : "[database]\nconnection = " + databaseUrl + "\n",
        "[identity]",
        "admin_password = " + adminPassword,
        "service_password = " + servicePassword,
        ""));
    List<String> command = List.of(program.program.toString(), "controller", "--config", config.toString());
    Path log = dir.resolve("controller.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("VDPA_COMPUTE_JAVA_OPTS", program.javaOpts);
    Process process = builder.start();
    ControllerProcess controller = new ControllerProcess(process, URI.create("http://127.0.0.1:" + port), log);
    try {
      controller.awaitAnswer();
      return controller;
    } catch (IOException | InterruptedException | RuntimeException e) {
      controller.close();
      throw e;
    }
  }

  /** Where its APIs are. */
  URI url() {
    return url;
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  Path log() {
    return log;
  }

  private void awaitAnswer() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe = HttpRequest.newBuilder(url.resolve("/identity/v3")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the controller exited with status " + process.exitValue() + "; see " + log);
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IOException("the controller did not answer at " + url + " within " + START_TIMEOUT.toSeconds()
        + " s; see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Asks it to stop as Ctrl-C would, and kills it if it does not, or if this thread is interrupted meanwhile. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }
}

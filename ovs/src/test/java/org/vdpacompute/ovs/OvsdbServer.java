package org.vdpacompute.ovs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code ovsdb-server} (Debian's openvswitch-common) on a database made from the installed
 * vswitch schema, run as this user on a unix socket in a temporary directory; {@code ovs-vsctl
 * --no-wait} (openvswitch-switch) makes bridges and reads what the code under test wrote, so every
 * check goes through Open vSwitch's own tools. No ovs-vswitchd runs: the database is the contract.
 */
final class OvsdbServer implements AutoCloseable {
  static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");

  private final Path dir;
  private final Process process;
  private int bridges;

  private OvsdbServer(Path dir, Process process) {
    this.dir = dir;
    this.process = process;
  }

  static OvsdbServer start() {
    try {
      Path dir = Files.createTempDirectory("ovsdb-test");
      Path db = dir.resolve("conf.db");
      run(List.of("ovsdb-tool", "create", db.toString(), SCHEMA.toString()));
      Process process = new ProcessBuilder("ovsdb-server", db.toString(),
          "--remote=punix:" + dir.resolve("db.sock"), "--unixctl=" + dir.resolve("ovsdb-server.ctl"),
          "--no-chdir", "--log-file=" + dir.resolve("ovsdb-server.log"), "--pidfile=" + dir.resolve("ovsdb-server.pid"))
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("ovsdb-server.out").toFile())
          .start();
      OvsdbServer server = new OvsdbServer(dir, process);
      server.awaitSocket();
      server.vsctl("init");
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path socket() {
    return dir.resolve("db.sock");
  }

  OvsdbEndpoint endpoint() {
    return new OvsdbEndpoint.Unix(socket());
  }

  Path dir() {
    return dir;
  }

  SwitchSettings settings(String bridge) {
    return new SwitchSettings(true, bridge, endpoint(), Duration.ofSeconds(5));
  }

  /** A bridge of its own for one test. */
  String newBridge() {
    String name = "br-t" + (++bridges);
    vsctl("add-br", name);
    return name;
  }

  /** Runs {@code ovs-vsctl --no-wait} against this server; its output, trimmed. */
  String vsctl(String... args) {
    List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + socket(), "--no-wait", "--timeout=5"));
    command.addAll(List.of(args));
    return run(command);
  }

  private static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitSocket() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(socket())) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("ovsdb-server did not open " + socket() + ": " + output());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  private String output() {
    try {
      return Files.readString(dir.resolve("ovsdb-server.out"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() throws InterruptedException, IOException {
    process.destroy();
    process.waitFor(5, TimeUnit.SECONDS);
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

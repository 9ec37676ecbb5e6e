package org.vdpacompute.ovs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real {@code ovsdb-server} (Debian's openvswitch-common) on a fresh database in a temporary
 * directory, run as this user on a unix socket ({@link OvsdbServerProcess}); {@link Vsctl} makes
 * bridges and reads what the code under test wrote, so every check goes through Open vSwitch's own
 * tools. No ovs-vswitchd runs: the database is the contract.
 * Other modules' tests use it too (this module's test-jar).
 */
public final class OvsdbServer implements AutoCloseable {
  private final Path dir;
  private final OvsdbServerProcess process;
  private final Vsctl vsctl;
  private int bridges;

  private OvsdbServer(Path dir, OvsdbServerProcess process) {
    this.dir = dir;
    this.process = process;
    this.vsctl = new Vsctl(process.endpoint());
  }

  public static OvsdbServer start() {
    try {
      Path dir = Files.createTempDirectory("ovsdb-test");
      return new OvsdbServer(dir, OvsdbServerProcess.start(dir, System.getenv("PATH")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path socket() {
    return dir.resolve(OvsdbServerProcess.SOCKET);
  }

  public OvsdbEndpoint endpoint() {
    return process.endpoint();
  }

  public Path dir() {
    return dir;
  }

  public SwitchSettings settings(String bridge) {
    return new SwitchSettings(true, bridge, endpoint(), Duration.ofSeconds(5));
  }

  /** A bridge of its own for one test. */
  public String newBridge() {
    String name = "br-t" + (++bridges);
    vsctl("add-br", name);
    return name;
  }

  /** The ports of a bridge as {@code ovs-vsctl list-ports} gives them, sorted. */
  public List<String> portsOf(String bridge) {
    return vsctl.portsOf(bridge);
  }

  /** One {@code external_ids} key of an interface, as {@code ovs-vsctl get} gives it, unquoted. */
  public String externalId(String iface, String key) {
    return vsctl.externalId(iface, key);
  }

  /** Runs {@code ovs-vsctl --no-wait} against this server; its output, trimmed. */
  public String vsctl(String... args) {
    return vsctl.run(args);
  }

  @Override
  public void close() throws IOException {
    process.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

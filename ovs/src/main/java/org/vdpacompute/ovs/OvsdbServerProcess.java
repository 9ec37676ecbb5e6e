package org.vdpacompute.ovs;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Open vSwitch's database server run as a child process on a database of its own in a directory:
 * {@code conf.db}, made from the vswitch schema installed with {@code ovsdb-tool} the first time and
 * kept after, served on {@code db.sock}, logging to {@code ovsdb-server.log}. The all-in-one runs its
 * emulated hosts' switch this way; no {@code ovs-vswitchd} runs, since no packet is switched: the
 * database is what the agents and the network's agents share.
 *
 * <p>It needs Debian's {@code openvswitch-common} ({@code ovsdb-server}, {@code ovsdb-tool} and the
 * schema), found on the {@code PATH} given; without them, or when another server holds the
 * database, it says so and starts nothing.
 */
public final class OvsdbServerProcess implements AutoCloseable {
  static final String DATABASE_FILE = "conf.db";
  static final String SOCKET = "db.sock";
  static final String PIDFILE = "ovsdb-server.pid";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Path dir;
  private final Process process;

  private OvsdbServerProcess(Path dir, Process process) {
    this.dir = dir;
    this.process = process;
  }

  /**
   * Starts the server on {@code dir}'s database, making the database first when there is none.
   *
   * @param searchPath where the programs are looked for, as the {@code PATH} variable
   * @throws OvsdbServerException when the programs are not installed or the server does not start
   */
  public static OvsdbServerProcess start(Path dir, String searchPath) {
    Path server = program("ovsdb-server", searchPath);
    Path tool = program("ovsdb-tool", searchPath);
    Path db = dir.resolve(DATABASE_FILE);
    try {
      Files.createDirectories(dir);
      Optional<ProcessHandle> holder = runningServer(dir);
      if (holder.isPresent()) {
        throw new OvsdbServerException("the database " + db + " is served by another ovsdb-server (pid "
            + holder.get().pid() + ", " + dir.resolve(PIDFILE) + "): stop it, or give its socket instead", null);
      }
      if (!Files.exists(db)) {
        // Without a schema argument ovsdb-tool takes the vswitch schema it was installed with.
        run(dir, List.of(tool.toString(), "create", db.toString()));
      }
      // Left by a server that was killed: the new one is up once it has made its own.
      Files.deleteIfExists(dir.resolve(SOCKET));
      Process process = new ProcessBuilder(server.toString(), db.toString(), "--remote=punix:" + dir.resolve(SOCKET),
          "--unixctl=" + dir.resolve("ovsdb-server.ctl"), "--no-chdir", "--log-file=" + dir.resolve("ovsdb-server.log"),
          "--pidfile=" + dir.resolve(PIDFILE))
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("ovsdb-server.out").toFile())
          .start();
      OvsdbServerProcess started = new OvsdbServerProcess(dir, process);
      started.awaitListening();
      Bridges.initialize(started.endpoint(), START_TIMEOUT);
      return started;
    } catch (IOException e) {
      throw new OvsdbServerException("cannot start ovsdb-server on " + db + ": " + e.getMessage(), e);
    }
  }

  /** Where the server listens. */
  public OvsdbEndpoint endpoint() {
    return new OvsdbEndpoint.Unix(dir.resolve(SOCKET));
  }

  /** The ovsdb-server that the directory's pidfile names, while it runs. */
  private static Optional<ProcessHandle> runningServer(Path dir) throws IOException {
    Path pidfile = dir.resolve(PIDFILE);
    if (!Files.isRegularFile(pidfile)) {
      return Optional.empty();
    }
    try {
      return ProcessHandle.of(Long.parseLong(Files.readString(pidfile).trim()))
          .filter(p -> p.info().command().map(c -> c.endsWith("ovsdb-server")).orElse(true));
    } catch (NumberFormatException stale) {
      return Optional.empty();
    }
  }

  private static Path program(String name, String searchPath) {
    Optional<Path> found = Optional.empty();
    for (String entry : searchPath == null ? new String[0] : searchPath.split(File.pathSeparator)) {
      Path candidate = Path.of(entry.isEmpty() ? "." : entry).resolve(name);
      if (Files.isExecutable(candidate)) {
        found = Optional.of(candidate);
        break;
      }
    }
    return found.orElseThrow(() -> new OvsdbServerException(name + " is not installed (not on PATH " + searchPath
        + "): install Open vSwitch's database server (Debian: apt-get install openvswitch-common)"
        + " or give the socket of a running one", null));
  }

  private static void run(Path dir, List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    try {
      if (!p.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new OvsdbServerException(String.join(" ", command) + " failed: " + out, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OvsdbServerException("interrupted while running " + String.join(" ", command), e);
    }
  }

  /**
   * Waits until the server accepts connections. Its socket's file is not enough: ovsdb-server makes
   * it (bind) a moment before it accepts on it (listen), and a connection in between is refused.
   */
  private void awaitListening() {
    UnixDomainSocketAddress socket = UnixDomainSocketAddress.of(dir.resolve(SOCKET));
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!accepts(socket)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        close();
        // ovsdb-server says why.
        throw new OvsdbServerException("ovsdb-server did not start on " + dir.resolve(DATABASE_FILE) + ": "
            + output().replaceAll("\\s+", " ").trim(), null);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  private static boolean accepts(UnixDomainSocketAddress socket) {
    if (!Files.exists(socket.getPath())) {
      return false;
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return probe.connect(socket);
    } catch (IOException refused) {
      return false;
    }
  }

  private String output() {
    try {
      return Files.readString(dir.resolve("ovsdb-server.out"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Stops the server; its database stays for the next start. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The database server could not be started. */
  public static final class OvsdbServerException extends SwitchException {
    OvsdbServerException(String message, Throwable cause) {
      super("ovsdb-server", message, cause);
    }
  }
}

package org.vdpacompute.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.vdpacompute.store.Database;

/**
 * One throwaway PostgreSQL server for the whole JVM, started by the first test that needs it (or by
 * the boot benchmark, which runs a controller on it) and stopped when the JVM exits. It is made
 * fresh each time (initdb into a temporary directory, well under a second) and tuned for tests: no
 * fsync, TCP on 127.0.0.1 only, no Unix socket.
 * Passwords are random and checked (scram-sha-256), so tests see real authentication. Each test
 * gets its own database, owned by an ordinary role as a controller's would be, and dropped after.
 *
 * <p>We run initdb, postgres and pg_ctl ourselves rather than through zonky's EmbeddedPostgres,
 * because they refuse to run as root and CI runs as root: {@link ServerUser} then runs them as
 * nobody. (Zonky's own answer for root, {@code unshare -U}, needs user namespaces, which container
 * runtimes often forbid.) A server that cannot start fails every PostgreSQL test with the reason
 * and the server's log; no test is skipped.
 */
public final class PostgresServer {
  private static final String SUPERUSER = "postgres";
  /** The role that owns the test databases, as the controllers' role would in production. */
  private static final String OWNER = "vdpa";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final int PORT_ATTEMPTS = 3;
  private static final int LOG_TAIL_LINES = 25;

  private static PostgresServer shared;
  private static Exception startFailure;

  private final Path home;
  private final Path binaries;
  private final Path data;
  private final Path log;
  private final ServerUser user;
  private final String superuserPassword = randomPassword();
  private final String ownerPassword = randomPassword();
  private final AtomicInteger databases = new AtomicInteger();
  private volatile Process process;
  private String migratedTemplate;
  private int port;

  private PostgresServer(Path home, ServerUser user) {
    this.home = home;
    this.binaries = home.resolve("pgsql");
    this.data = home.resolve("data");
    this.log = home.resolve("postgres.log");
    this.user = user;
  }

  /** The JVM's server, started on first use; every call after a failed start fails the same way. */
  public static synchronized PostgresServer shared() {
    if (startFailure == null && shared == null) {
      try {
        shared = start();
      } catch (IOException | SQLException | RuntimeException e) {
        startFailure = e;
      }
    }
    if (startFailure != null) {
      // Our own IOExceptions say it all; others (NoSuchFileException: PATH) need their name.
      String reason = startFailure.getClass() == IOException.class
          ? startFailure.getMessage() : startFailure.toString();
      throw new IllegalStateException("cannot start the test PostgreSQL server: " + reason, startFailure);
    }
    return shared;
  }

  private static PostgresServer start() throws IOException, SQLException {
    PostgresServer server = new PostgresServer(
        Files.createTempDirectory("vdpa-compute-postgres-"), ServerUser.forThisProcess());
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-postgres-stop"));
    server.initdb();
    server.launch();
    server.execute("CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + server.ownerPassword + "'");
    return server;
  }

  /** Creates an empty database owned by the ordinary role; returns its name. */
  public String createDatabase() {
    return create("");
  }

  /**
   * Creates a database owned by the ordinary role with this program's schema already migrated, a
   * copy of one migrated once per server (copying is a third of migrating); returns its name.
   */
  public String createMigratedDatabase() {
    return create(" TEMPLATE " + migratedTemplate());
  }

  private String create(String template) {
    String name = "store_test_" + databases.incrementAndGet();
    try {
      execute("CREATE DATABASE " + name + template + " OWNER " + OWNER);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
    }
    return name;
  }

  private synchronized String migratedTemplate() {
    if (migratedTemplate == null) {
      String name = createDatabase();
      Database.open(url(name)).close();
      migratedTemplate = name;
    }
    return migratedTemplate;
  }

  /** Drops the database, closing any connection a test left open. */
  void dropDatabase(String name) {
    try {
      execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
    }
  }

  /** The URL a controller would be configured with, credentials included. */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + OWNER
        + "&password=" + ownerPassword;
  }

  private void initdb() throws IOException {
    user.share(home);
    Files.createDirectory(binaries);
    user.share(binaries);
    PostgresBinaries.extractTo(binaries);
    Files.createDirectory(data);
    user.own(data);
    Path passwordFile = Files.createFile(home.resolve("superuser-password"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    user.own(passwordFile);
    Files.writeString(passwordFile, superuserPassword);
    try {
      run("initdb", List.of("-D", data.toString(), "-U", SUPERUSER, "--auth=scram-sha-256",
          "--pwfile=" + passwordFile, "--encoding=UTF8", "--locale=C", "--no-sync"),
          home.resolve("initdb.log"));
    } finally {
      Files.delete(passwordFile);
    }
  }

  /** Starts postgres on a free port, trying another when a different process took it first. */
  private void launch() throws IOException {
    for (int attempt = 1; ; attempt++) {
      port = freePort();
      process = new ProcessBuilder(user.command(program("postgres"), List.of("-D", data.toString(),
          "-c", "listen_addresses=127.0.0.1", "-c", "port=" + port, "-c", "unix_socket_directories=",
          "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")))
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(log.toFile()))
          .start();
      if (awaitConnections()) {
        return;
      }
      if (attempt >= PORT_ATTEMPTS || !Files.readString(log).contains("could not bind")) {
        throw new IOException("postgres, run " + user.describe() + ", exited with status "
            + process.exitValue() + "; " + tail(log));
      }
    }
  }

  /** True once the server accepts connections, false if it exited first. */
  private boolean awaitConnections() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try (Connection ignored = superuserConnection()) {
        return true;
      } catch (SQLException e) {
        last = e;
      }
      sleep(Duration.ofMillis(50));
    }
    throw new IOException("postgres did not accept connections on 127.0.0.1:" + port + " within "
        + START_TIMEOUT.toSeconds() + " s (last: " + (last == null ? "none" : last.getMessage())
        + "); " + tail(log));
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = superuserConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private Connection superuserConnection() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", SUPERUSER);
    properties.setProperty("password", superuserPassword);
    properties.setProperty("connectTimeout", "5");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
  }

  /** Runs one of PostgreSQL's programs to completion; fails with its output unless it succeeds. */
  private void run(String name, List<String> arguments, Path output) throws IOException {
    List<String> command = user.command(program(name), arguments);
    Process started;
    try {
      started = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
    } catch (IOException e) {
      throw new IOException("cannot run " + name + " " + user.describe() + ": " + e.getMessage(), e);
    }
    try {
      if (!started.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        started.destroyForcibly();
        throw new IOException(name + " did not finish within " + START_TIMEOUT.toSeconds() + " s; "
            + tail(output));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + name, e);
    }
    if (started.exitValue() != 0) {
      throw new IOException(name + ", run " + user.describe() + ", exited with status "
          + started.exitValue() + "; " + tail(output));
    }
  }

  /** Stops the server at once (it is thrown away) and deletes its directory. */
  private void stop() {
    Process server = process;
    try {
      if (server != null && server.isAlive()) {
        try {
          run("pg_ctl", List.of("-D", data.toString(), "-m", "immediate", "-w",
              "-t", Long.toString(STOP_TIMEOUT.toSeconds()), "stop"), home.resolve("pg_ctl.log"));
        } catch (IOException e) {
          System.err.println("test PostgreSQL server: " + e.getMessage());
        }
        if (!server.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          server.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
      }
      deleteTree(home);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | UncheckedIOException e) {
      System.err.println("test PostgreSQL server: cannot delete " + home + ": " + e.getMessage());
    }
  }

  private Path program(String name) {
    return binaries.resolve("bin").resolve(name);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "no output";
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> last = new ArrayList<>(lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    return "its output (" + file + "):\n  " + String.join("\n  ", last);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void sleep(Duration duration) throws IOException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for postgres", e);
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}

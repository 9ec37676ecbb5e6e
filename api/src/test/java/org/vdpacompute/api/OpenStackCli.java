package org.vdpacompute.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vdpacompute.api.http.ApiServer;

/**
 * Runs the real {@code openstack} command line client (Debian's python3-openstackclient) against a
 * listener, as an operator would. A missing client is a failure, not a skip: CI installs it.
 */
public final class OpenStackCli {
  private static final Path BINARY = Path.of("/usr/bin/openstack");
  /** novaclient's command line, for what the openstack CLI does not ask for (servers per hypervisor). */
  private static final Path NOVA = Path.of("/usr/bin/nova");

  private final Map<String, String> environment;

  /**
   * Logs in with explicit credentials, given in {@code OS_*} variables as a sourced openrc gives
   * them (the interactive shell of {@link #batch} would take options on its command line for
   * commands).
   */
  public OpenStackCli(String authUrl, String user, String password, String project) {
    this(Map.of("OS_AUTH_URL", authUrl, "OS_IDENTITY_API_VERSION", "3", "OS_USERNAME", user, "OS_PASSWORD", password,
        "OS_PROJECT_NAME", project, "OS_USER_DOMAIN_NAME", "Default", "OS_PROJECT_DOMAIN_NAME", "Default"));
  }

  private OpenStackCli(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Logs in as an operator would: {@code OS_CLIENT_CONFIG_FILE} and {@code OS_CLOUD}. */
  public static OpenStackCli forCloud(Path cloudsYaml, String cloud) {
    return new OpenStackCli(Map.of("OS_CLIENT_CONFIG_FILE", cloudsYaml.toString(), "OS_CLOUD", cloud));
  }

  /** The result of one command. */
  public record Result(int exitCode, String stdout, String stderr) {
    public JsonNode json() {
      try {
        return ApiServer.JSON.readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError("openstack printed no JSON: " + stdout + "\n" + stderr, e);
      }
    }
  }

  /** Runs {@code openstack ARGS... -f json} and returns what it printed. */
  public Result run(String... args) throws IOException, InterruptedException {
    return exec(BINARY, List.of(args), null);
  }

  /** Runs novaclient's {@code nova ARGS...} (which takes credentials from {@code OS_*} variables only) and returns what it printed. */
  public Result nova(String... args) throws IOException, InterruptedException {
    return exec(NOVA, List.of(args), null);
  }

  /**
   * Runs several commands in one {@code openstack} process, as typed into its interactive shell:
   * one Python start and one login for all of them, which is most of what a command costs. Each
   * command's output is told from the next by a marker the shell echoes on both streams. The
   * shell goes on after a command fails, so a result's {@code exitCode} is 0 unless the whole
   * process failed: a failed command shows in its {@code stderr}.
   */
  public List<Result> batch(List<List<String>> commands) throws IOException, InterruptedException {
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < commands.size(); i++) {
      for (String arg : commands.get(i)) script.append(quoted(arg)).append(' ');
      script.append('\n').append("!echo ").append(marker(i)).append('\n')
          .append("!sh -c \"echo ").append(marker(i)).append(" >&2\"\n");
    }
    Result all = exec(BINARY, List.of(), script.toString());
    List<Result> results = new ArrayList<>();
    String out = all.stdout();
    String err = all.stderr();
    for (int i = 0; i < commands.size(); i++) {
      int o = out.indexOf(marker(i) + "\n");
      int e = err.indexOf(marker(i) + "\n");
      if (o < 0 || e < 0) {
        throw new AssertionError("openstack stopped before command " + (i + 1) + " (" + String.join(" ", commands.get(i))
            + "):\n" + all.stdout() + "\n" + all.stderr());
      }
      results.add(new Result(all.exitCode(), out.substring(0, o).strip(), err.substring(0, e).strip()));
      out = out.substring(o + marker(i).length() + 1);
      err = err.substring(e + marker(i).length() + 1);
    }
    return results;
  }

  private static String marker(int i) {
    return "@@openstack-batch-" + i + "@@";
  }

  /**
   * An argument as the interactive shell reads it back. The shell does not keep quoted words
   * together (cliff splits what cmd2 already split), so an argument with a blank or a quote cannot
   * be batched: run it alone.
   */
  private static String quoted(String arg) {
    if (arg.isEmpty() || !arg.matches("[^\\s'\"<>|;&]+")) {
      throw new IllegalArgumentException("an argument with a blank, a quote or a shell character cannot be batched: '"
          + arg + "'");
    }
    return arg;
  }

  private Result exec(Path binary, List<String> args, String stdin) throws IOException, InterruptedException {
    if (!Files.isExecutable(binary)) {
      throw new AssertionError(binary + " is missing: install Debian's python3-openstackclient (bin/test does)");
    }
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
    pb.environment().putAll(environment);
    Path out = Files.createTempFile("openstack", ".out");
    Path err = Files.createTempFile("openstack", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Path in = null;
    if (stdin != null) {
      in = Files.createTempFile("openstack", ".in");
      Files.writeString(in, stdin, StandardCharsets.UTF_8);
      pb.redirectInput(in.toFile());
    }
    Process p = pb.start();
    if (!p.waitFor(stdin == null ? 60 : 180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("openstack " + (stdin == null ? String.join(" ", args) : stdin) + " did not finish in time");
    }
    if (in != null) Files.deleteIfExists(in);
    Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
  }
}

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

  private final List<String> authArguments;
  private final Map<String, String> environment;

  /** Logs in with explicit credentials on the command line. */
  public OpenStackCli(String authUrl, String user, String password, String project) {
    this.authArguments = List.of("--os-auth-url", authUrl, "--os-identity-api-version", "3",
        "--os-username", user, "--os-password", password,
        "--os-project-name", project, "--os-user-domain-name", "Default", "--os-project-domain-name", "Default");
    this.environment = Map.of();
  }

  private OpenStackCli(Map<String, String> environment) {
    this.authArguments = List.of();
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
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(BINARY + " is missing: install Debian's python3-openstackclient (bin/test does)");
    }
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(authArguments);
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
    pb.environment().putAll(environment);
    Path out = Files.createTempFile("openstack", ".out");
    Path err = Files.createTempFile("openstack", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("openstack " + String.join(" ", args) + " did not finish in 60 s");
    }
    Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
  }
}

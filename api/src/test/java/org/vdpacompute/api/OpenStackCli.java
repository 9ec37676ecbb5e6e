package org.vdpacompute.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vdpacompute.api.http.ApiServer;

/**
 * Runs the real {@code openstack} command line client (Debian's python3-openstackclient) against a
 * listener, as an operator would. A missing client is a failure, not a skip: CI installs it.
 */
public final class OpenStackCli {
  private static final Path BINARY = Path.of("/usr/bin/openstack");

  private final String authUrl;
  private final String user;
  private final String password;
  private final String project;

  public OpenStackCli(String authUrl, String user, String password, String project) {
    this.authUrl = authUrl;
    this.user = user;
    this.password = password;
    this.project = project;
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
      throw new AssertionError(BINARY + " is missing: install Debian's python3-openstackclient (.ci/run does)");
    }
    List<String> command = new ArrayList<>(List.of(BINARY.toString(),
        "--os-auth-url", authUrl, "--os-identity-api-version", "3",
        "--os-username", user, "--os-password", password,
        "--os-project-name", project, "--os-user-domain-name", "Default", "--os-project-domain-name", "Default"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
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

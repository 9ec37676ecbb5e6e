package org.vdpacompute.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

/** Isolated: it swaps System.out and System.err, which tests running beside it would write into. */
@Isolated
class MainTest {

  private static final String COMPUTE_CONF = """
      [DEFAULT]
      host = compute-0
      [identity]
      service_password = s
      [compute]
      driver = emulated
      controller_url = http://127.0.0.1:8774
      """;

  private static final String CONTROLLER_CONF = """
      [identity]
      admin_password = a
      service_password = s
      """;

  @TempDir Path dir;

  @Test
  void aBadCommandLineExitsWithStatusTwo() {
    assertThat(Main.run("no-such-command")).isEqualTo(2);
    assertThat(Main.run("controller")).as("--config is required").isEqualTo(2);
    assertThat(Main.run("all-in-one", "--hosts", "many")).isEqualTo(2);
  }

  @Test
  void theVersionIsTheBuildsMavenVersion() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run("--version")).isZero();
    } finally {
      System.setOut(original);
    }
    assertThat(System.getProperty("project.version")).as("the build passes its version").isNotBlank();
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .isEqualTo("vdpa-compute " + System.getProperty("project.version") + System.lineSeparator());
  }

  @Test
  void helpExitsWithStatusZero() {
    assertThat(Main.run("--help")).isZero();
    assertThat(Main.run("all-in-one", "--help")).isZero();
  }


  @Test
  void aBadConfigurationExitsWithStatusTwoAndOneMessage() throws Exception {
    String file = write("compute.conf", COMPUTE_CONF + "heartbeat_interval = often\n");

    Run run = runCapturingStderr("compute", "--config", file);

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr()).isEqualTo(
        "vdpa-compute: " + file + ": [compute] heartbeat_interval = often: is not an integer"
            + System.lineSeparator());
  }

  @Test
  void aRemoteManagedDeviceSpecTheHostsDevicesContradictExitsWithStatusTwoBeforeAnythingStarts() throws Exception {
    // As nova-compute refuses it on reading the spec: the reference host has no interface eth9.
    String file = write("compute.conf", """
        [DEFAULT]
        host = compute-0
        state_path = %s
        [identity]
        service_password = s
        [compute]
        driver = emulated
        controller_url = http://127.0.0.1:9
        [pci]
        device_spec = {"devname": "eth9", "remote_managed": "yes"}
        """.formatted(dir.resolve("state")));

    Run run = runCapturingStderr("compute", "--config", file);

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr()).isEqualTo("vdpa-compute: " + file + ": [pci] device_spec entry 1: key 'devname': 'eth9'"
        + " names no network interface of this host; a remote_managed entry must name one" + System.lineSeparator());
  }

  @Test
  void theAllInOnesSwitchIsOneOfAServerOrItsOwnGivenRight() {
    assertThat(Main.run("all-in-one", "--with-ovsdb", "--ovsdb", "unix:/x")).as("mutually exclusive").isEqualTo(2);

    Run bad = runCapturingStderr("all-in-one", "--data-dir", dir.resolve("data").toString(), "--ovsdb", "ssl:1.2.3.4:6640");

    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.stderr()).startsWith("--ovsdb 'ssl:1.2.3.4:6640' is an SSL remote, which is not supported");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void anAllInOneWhoseSwitchCannotBeReachedExitsWithStatusTwoBeforeWritingAnything() {
    Path socket = dir.resolve("no-switch.sock");

    Run run = runCapturingStderr("all-in-one", "--data-dir", dir.resolve("data").toString(), "--port", "0",
        "--ovsdb", "unix:" + socket);

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr()).startsWith("vdpa-compute: all-in-one --ovsdb unix:" + socket + ": the switch's database at"
        + " unix:" + socket + " cannot be reached: cannot connect").hasLineCount(1);
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aMissingFileExitsWithStatusTwo() {
    String file = dir.resolve("missing.conf").toString();

    Run run = runCapturingStderr("controller", "--config", file);

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr()).startsWith("vdpa-compute: " + file + ": no such configuration file");
  }

  @Test
  void eachCommandChecksWhatItNeeds() throws Exception {
    String file = write("controller.conf", CONTROLLER_CONF);

    Run run = runCapturingStderr("compute", "--config", file);

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr())
        .startsWith("vdpa-compute: " + file + ": [DEFAULT] host is required for the compute command");
  }

  private String write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text).toString();
  }

  private record Run(int status, String stderr) {}

  private static Run runCapturingStderr(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int status = Main.run(args);
      return new Run(status, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }
}

package org.vdpacompute.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ovsdb-server as a child process, and bridges made over OVSDB, read back with ovs-vsctl. */
class OvsdbServerProcessTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void aFreshDatabaseIsReadyForBridgesWhichOutliveTheServer() throws Exception {
    try (OvsdbServer server = OvsdbServer.start()) {
      assertThat(Bridges.ensure(server.endpoint(), "br-int-compute-0", TIMEOUT)).isTrue();
      assertThat(Bridges.ensure(server.endpoint(), "br-int-compute-0", TIMEOUT)).isFalse();
      Bridges.ensure(server.endpoint(), "br-int-compute-1", TIMEOUT);

      assertThat(server.vsctl("list-br")).isEqualTo("br-int-compute-0\nbr-int-compute-1");
      assertThat(server.vsctl("get", "Interface", "br-int-compute-0", "type")).isEqualTo("internal");
      assertThat(server.portsOf("br-int-compute-0")).as("the bridge's own port is not listed").isEmpty();
      assertThat(SwitchPorts.of(server.settings("br-int-compute-1")).health().usable()).isTrue();
    }
  }

  @Test
  void aRestartedServerKeepsItsDatabase() {
    try (OvsdbServerProcess first = OvsdbServerProcess.start(dir, System.getenv("PATH"))) {
      Bridges.ensure(first.endpoint(), "br-kept", TIMEOUT);
    }
    try (OvsdbServerProcess again = OvsdbServerProcess.start(dir, System.getenv("PATH"))) {
      assertThat(Bridges.ensure(again.endpoint(), "br-kept", TIMEOUT)).isFalse();
    }
  }

  @Test
  void withoutOpenVswitchInstalledNothingStarts() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("bin"));

    assertThatThrownBy(() -> OvsdbServerProcess.start(dir.resolve("db"), empty.toString()))
        .isInstanceOf(OvsdbServerProcess.OvsdbServerException.class)
        .hasMessageStartingWith("ovsdb-server is not installed (not on PATH " + empty + "): install Open vSwitch's"
            + " database server (Debian: apt-get install openvswitch-common)");
    assertThat(dir.resolve("db")).doesNotExist();
  }

  @Test
  void aDatabaseHeldByAnotherServerIsRefusedAndThatServerKeepsServing() throws Exception {
    try (OvsdbServerProcess holder = OvsdbServerProcess.start(dir, System.getenv("PATH"))) {
      assertThatThrownBy(() -> OvsdbServerProcess.start(dir, System.getenv("PATH")))
          .isInstanceOf(OvsdbServerProcess.OvsdbServerException.class)
          .hasMessage("the database " + dir.resolve("conf.db") + " is served by another ovsdb-server (pid "
              + Files.readString(dir.resolve("ovsdb-server.pid")).trim() + ", " + dir.resolve("ovsdb-server.pid")
              + "): stop it, or give its socket instead");
      assertThat(SwitchPorts.of(new SwitchSettings(true, "br-x", holder.endpoint(), TIMEOUT)).health().detail())
          .contains("bridge br-x does not exist");
    }
  }

  @Test
  void aServerThatWasKilledLeavesNothingInTheWayOfTheNext() throws Exception {
    OvsdbServerProcess killed = OvsdbServerProcess.start(dir, System.getenv("PATH"));
    long pid = Long.parseLong(Files.readString(dir.resolve("ovsdb-server.pid")).trim());
    ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
    server.destroyForcibly();
    server.onExit().get();
    killed.close();
    assertThat(dir.resolve("db.sock")).as("a killed server leaves its socket").exists();

    try (OvsdbServerProcess again = OvsdbServerProcess.start(dir, System.getenv("PATH"))) {
      assertThat(SwitchPorts.of(new SwitchSettings(true, "br-y", again.endpoint(), TIMEOUT)).health().detail())
          .contains("bridge br-y does not exist");
    }
  }

  @Test
  void aServerWhoseSocketIsThereBeforeItAcceptsIsWaitedFor() throws Exception {
    // ovsdb-server makes its socket's file (bind) a moment before it accepts on it (listen); on a
    // loaded machine a connection in between is refused. This one's file is there 200 ms early.
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path script = Files.writeString(bin.resolve("ovsdb-server"), String.join("\n", "#!/bin/sh",
        "for a in \"$@\"; do case \"$a\" in --remote=punix:*) : > \"${a#--remote=punix:}\";; esac; done",
        "sleep 0.2", "exec " + installed("ovsdb-server") + " \"$@\"", ""));
    script.toFile().setExecutable(true);
    Files.createSymbolicLink(bin.resolve("ovsdb-tool"), installed("ovsdb-tool"));

    try (OvsdbServerProcess server = OvsdbServerProcess.start(dir.resolve("db"), bin.toString())) {
      assertThat(Bridges.ensure(server.endpoint(), "br-int", TIMEOUT)).isTrue();
    }
  }

  private static Path installed(String program) {
    for (String entry : System.getenv("PATH").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(entry, program))) return Path.of(entry, program);
    }
    throw new AssertionError(program + " is not installed");
  }
}

package org.vdpacompute.app.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.app.config.ConfigException;

/** The all-in-one's switch when it cannot be had: refused with one line, before anything is written. */
class AllInOneSwitchTest {
  @TempDir Path dir;

  @Test
  void withoutOpenVswitchInstalledWithOvsdbIsRefusedNamingWhatToInstall() throws Exception {
    Path bin = Files.createDirectory(dir.resolve("bin"));

    assertThatThrownBy(() -> AllInOneSwitch.open(EmulatedSwitch.STARTED, dir.resolve("data"), 2, bin.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("all-in-one --with-ovsdb: ovsdb-server is not installed (not on PATH " + bin + "): install Open"
            + " vSwitch's database server (Debian: apt-get install openvswitch-common) or give the socket of a running one");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void withoutASwitchTheHostsPlugNothing() {
    AllInOneSwitch none = AllInOneSwitch.open(EmulatedSwitch.NONE, dir, 2);

    assertThat(none.agentLines(0)).isEmpty();
    assertThat(none.representorPrefix(0)).isNull();
    assertThat(none.usage()).isEmpty();
  }
}

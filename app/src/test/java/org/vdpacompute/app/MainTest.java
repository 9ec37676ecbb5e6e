package org.vdpacompute.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void aBadCommandLineExitsWithStatusTwo() {
    assertThat(Main.run("no-such-command")).isEqualTo(2);
    assertThat(Main.run("controller")).as("--config is required").isEqualTo(2);
    assertThat(Main.run("all-in-one", "--hosts", "many")).isEqualTo(2);
  }

  @Test
  void helpExitsWithStatusZero() {
    assertThat(Main.run("--help")).isZero();
    assertThat(Main.run("all-in-one", "--help")).isZero();
  }

  @Test
  void commandsNotBuiltYetSaySoWithTheirOwnStatus() {
    assertThat(Main.run("all-in-one")).isEqualTo(Main.NOT_BUILT);
    assertThat(Main.run("compute", "--config", "x.conf")).isEqualTo(Main.NOT_BUILT);
  }
}

package org.vdpacompute.virt.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.virt.MigrationTarget;

class MigrationUriTest {

  @Test
  void destinationOfLocalSystemUriIsQemuOverTcpToTheTargetHost() {
    assertThat(LibvirtMigration.destinationUri("qemu:///system", MigrationTarget.host("compute-1")))
        .isEqualTo("qemu+tcp://compute-1/system");
  }

  @Test
  void destinationKeepsTheDriverButNotTheTransportOfARemoteSource() {
    assertThat(LibvirtMigration.destinationUri("qemu+ssh://root@compute-0/system", MigrationTarget.host("compute-1")))
        .isEqualTo("qemu+tcp://compute-1/system");
  }

  @Test
  void targetsOwnUriWins() {
    MigrationTarget target = new MigrationTarget("compute-1", "qemu+tls://compute-1.example/system", null);

    assertThat(LibvirtMigration.destinationUri("qemu:///system", target))
        .isEqualTo("qemu+tls://compute-1.example/system");
  }

  @Test
  void sourceUriWithoutSchemeCannotNameADestination() {
    assertThatThrownBy(() -> LibvirtMigration.destinationUri("system", MigrationTarget.host("compute-1")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("compute-1")
        .hasMessageContaining("the target must give its URI");
  }
}

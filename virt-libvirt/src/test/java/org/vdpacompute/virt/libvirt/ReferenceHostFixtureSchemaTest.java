package org.vdpacompute.virt.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The node device fixtures are what libvirt would write: each validates against libvirt's own
 * schema ({@code nodedev.rng}) with {@code virt-xml-validate} from the libvirt-clients package.
 */
class ReferenceHostFixtureSchemaTest {

  static List<Path> fixtures() {
    return java.util.stream.Stream.concat(ReferenceHost.files().stream(), ReferenceHost.files("vpd-card").stream())
        .toList();
  }

  @Test
  void fixturesDescribeOnePfFourVfsFourVdpaDevicesAndOneInterface() {
    assertThat(ReferenceHost.files()).extracting(p -> p.getFileName().toString()).containsExactly(
        "net_enp6s0f0_0c_42_a1_6e_d0_30.xml",
        "pci_0000_06_00_0.xml", "pci_0000_06_00_1.xml", "pci_0000_06_00_2.xml",
        "pci_0000_06_00_3.xml", "pci_0000_06_00_4.xml",
        "vdpa_vdpa0.xml", "vdpa_vdpa1.xml", "vdpa_vdpa2.xml", "vdpa_vdpa3.xml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void fixtureValidatesAgainstLibvirtsNodeDeviceSchema(Path fixture) throws Exception {
    Process validate;
    try {
      validate = new ProcessBuilder("virt-xml-validate", fixture.toString(), "nodedev")
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new AssertionError(
          "virt-xml-validate cannot be run; install the libvirt-clients package: " + e.getMessage(), e);
    }
    if (!validate.waitFor(60, TimeUnit.SECONDS)) {
      validate.destroyForcibly();
      fail("virt-xml-validate did not finish within 60 s for " + fixture);
    }
    String output = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(validate.exitValue()).as("virt-xml-validate %s nodedev said: %s", fixture, output).isZero();
  }
}

package org.vdpacompute.virt.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Library;
import org.vdpacompute.virt.HypervisorInfo;
import org.vdpacompute.virt.HypervisorVersion;
import org.vdpacompute.virt.NumaCell;
import org.vdpacompute.virt.VdpaSupport;

/** Host facts and device discovery against libvirt's test driver, a real libvirt without a daemon. */
class LibvirtHostFactsTest {

  private static LibvirtDriver driver;

  @BeforeAll
  static void open() {
    driver = LibvirtDriver.open(TestGuests.TEST_URI);
  }

  @AfterAll
  static void close() {
    driver.close();
  }

  @Test
  void hypervisorIsTheTestDriverWithThisLibvirtAndThisMachinesKernel() throws Exception {
    HypervisorInfo hypervisor = driver.driver().facts().hypervisor();

    assertThat(hypervisor.type()).isEqualTo("test");
    // No daemon: the connection's libvirt is the library loaded in this process.
    assertThat(hypervisor.libvirtVersion()).isEqualTo(HypervisorVersion.fromPacked(Library.getVersion()));
    // The test driver reports itself as hypervisor version 0.0.2 ("Running hypervisor: TEST 0.0.2").
    assertThat(hypervisor.qemuVersion()).isEqualTo(new HypervisorVersion(0, 0, 2));
    assertThat(hypervisor.kernelVersion())
        .isEqualTo(HypervisorVersion.parse(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim()));
  }

  @Test
  void hostnameIsThatOfTheLibvirtHost() {
    assertThat(driver.driver().facts().hostname()).isNotBlank();
  }

  @Test
  void testDriverHypervisorIsTooOldForVdpaAndTheGateSaysWhy() {
    VdpaSupport support = driver.driver().facts().vdpaSupport();

    assertThat(support.supported()).isFalse();
    assertThat(support.reason()).contains("QEMU 0.0.2 is older than 5.1.0");
  }

  @Test
  void numaCellsComeFromTheCapabilitiesTopology() {
    // test:///default has two cells of 8 CPUs, with 2 GiB and 4 GiB.
    assertThat(driver.driver().facts().numaCells()).containsExactly(new NumaCell(0, 8, 2048), new NumaCell(1, 8, 4096));
  }

  @Test
  void defaultTestHostHasNoPciDevices() {
    assertThat(driver.driver().devices().discover()).isEmpty();
  }

  /**
   * The test driver takes a host description with node devices; it refuses vDPA node devices, so
   * the reference host is loaded without them. This runs the live path: listing, lookup, XML, parse.
   */
  @Test
  void referenceHostInTheTestDriverIsDiscoveredAsPfAndPlainVfsWithOneNumaCell(@TempDir Path dir)
      throws Exception {
    StringBuilder host = new StringBuilder("<node><cpu><mhz>2400</mhz><model>x86_64</model><active>8</active>"
        + "<nodes>1</nodes><sockets>1</sockets><cores>8</cores><threads>1</threads></cpu>"
        + "<memory>16777216</memory>");
    ReferenceHost.xml("pci_", "net_").forEach(host::append);
    Path file = Files.writeString(dir.resolve("reference-host.xml"), host.append("</node>"));

    try (LibvirtDriver reference = LibvirtDriver.open("test://" + file.toAbsolutePath())) {
      // The test driver keeps no <driver> element, and its QEMU version closes the vDPA gate.
      assertThat(reference.driver().devices().discover()).containsExactlyElementsOf(ReferenceHost.plainVfReport(null));
      // Without NUMA topology in the capabilities, the host is one cell with all CPUs and memory.
      assertThat(reference.driver().facts().numaCells()).isEqualTo(List.of(new NumaCell(0, 8, 16384)));
    }
  }
}

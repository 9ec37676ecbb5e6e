package org.vdpacompute.virt.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.core.pci.PciAddress;
import org.vdpacompute.core.pci.VdpaDevice;
import org.vdpacompute.virt.GuestLifecycle;
import org.vdpacompute.virt.GuestState;
import org.vdpacompute.virt.guest.DomainType;
import org.vdpacompute.virt.guest.GuestDevice;
import org.vdpacompute.virt.guest.GuestFlavor;
import org.vdpacompute.virt.guest.GuestIdentity;
import org.vdpacompute.virt.guest.GuestImage;
import org.vdpacompute.virt.guest.GuestNumaCell;
import org.vdpacompute.virt.guest.GuestSpec;
import org.vdpacompute.virt.guest.GuestXmlBuilder;

/**
 * Every guest shape the product's XML builder makes is accepted by a real libvirt: defined and
 * started on the in-process test driver through the Java bindings, as the libvirt driver does it.
 */
class GuestXmlOnTestDriverTest {
  private static final MacAddress MAC = MacAddress.parse("fa:16:3e:11:22:33");
  private static final PciAddress VF = PciAddress.parse("0000:06:00.3");
  private static final PciAddress PF = PciAddress.parse("0000:06:00.0");
  private static final UUID PORT = UUID.fromString("3f1c2b4a-9d7e-4c1a-8b2f-1e2d3c4b5a69");
  private static LibvirtDriver driver;

  @BeforeAll
  static void connect() {
    driver = LibvirtDriver.open(TestGuests.TEST_URI);
  }

  @AfterAll
  static void disconnect() {
    driver.close();
  }

  static Stream<Arguments> shapes() {
    GuestFlavor tiny = GuestFlavor.of("m1.tiny", 1, 512, 1);
    GuestFlavor numa = new GuestFlavor("m1.numa", 4, 2048, 1,
        List.of(new GuestNumaCell(0, new java.util.TreeSet<>(List.of(0, 1)), 1024),
            new GuestNumaCell(1, new java.util.TreeSet<>(List.of(2, 3)), 1024)));
    return Stream.of(
        Arguments.of("vdpa", tiny, List.of(new GuestDevice.VdpaInterface(MAC, new VdpaDevice("vdpa2", "/dev/vhost-vdpa-2"))), "type='vdpa'"),
        Arguments.of("ports' aliases", tiny, List.of(
            new GuestDevice.VdpaInterface(MAC, new VdpaDevice("vdpa2", "/dev/vhost-vdpa-2"), PORT),
            new GuestDevice.SriovInterface(MacAddress.parse("fa:16:3e:11:22:34"), VF, 1000, UUID.randomUUID())),
            "<alias name='ua-" + PORT + "'/>"),
        Arguments.of("direct", tiny, List.of(new GuestDevice.SriovInterface(MAC, VF, 1000)), "type='hostdev'"),
        Arguments.of("direct-flat", tiny, List.of(new GuestDevice.SriovInterface(MAC, VF, null)), "type='hostdev'"),
        Arguments.of("direct-physical", tiny, List.of(new GuestDevice.PciHostdev(PF)), "<hostdev"),
        Arguments.of("macvtap", tiny, List.of(new GuestDevice.MacvtapInterface(MAC, "enp6s0f0v2", 1000)), "type='direct'"),
        Arguments.of("normal", tiny, List.of(new GuestDevice.BridgeInterface(MAC, "br-int", UUID.randomUUID())), "type='bridge'"),
        Arguments.of("alias", tiny, List.of(new GuestDevice.PciHostdev(PciAddress.parse("0000:81:00.0")),
            new GuestDevice.PciHostdev(PciAddress.parse("0000:82:00.0"))), "<hostdev"),
        Arguments.of("numa", numa, List.of(new GuestDevice.VdpaInterface(MAC, new VdpaDevice("vdpa0", "/dev/vhost-vdpa-0"))), "<numa>"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void theBuildersDomainDefinesAndStartsOnLibvirt(String shape, GuestFlavor flavor, List<GuestDevice> devices, String expected) {
    UUID instance = UUID.randomUUID();
    GuestSpec spec = new GuestSpec(DomainType.TEST, new GuestIdentity(instance, "instance-" + instance), flavor,
        new GuestImage("cirros", Path.of("/var/lib/vdpa-compute/instances/" + instance + "/disk")), devices);
    driver.driver().guests().defineAndStart(instance, new GuestXmlBuilder().build(spec));
    try {
      assertThat(driver.driver().guests().guest(instance).state()).isEqualTo(GuestState.RUNNING);
      assertThat(driver.driver().guests().domainXml(instance)).contains(expected);
    } finally {
      driver.driver().guests().destroy(instance);
    }
  }

  /**
   * The builder logs the serial console to console.log beside the disk, as Nova does, and libvirt
   * keeps that in the domain: the driver reads the log's end from there (nothing before the guest
   * wrote any; at most 100 KiB, the end).
   */
  @Test
  void theConsoleLogIsReadFromTheSerialLogOfTheDomain(@TempDir Path dir) throws Exception {
    UUID instance = UUID.randomUUID();
    Path disk = dir.resolve(instance.toString()).resolve("disk");
    GuestSpec spec = new GuestSpec(DomainType.TEST, new GuestIdentity(instance, "instance-" + instance),
        GuestFlavor.of("m1.tiny", 1, 512, 1), new GuestImage("cirros", disk), List.of());
    driver.driver().guests().defineAndStart(instance, new GuestXmlBuilder().build(spec));
    try {
      Path log = disk.resolveSibling("console.log");
      assertThat(driver.driver().guests().domainXml(instance)).contains("<log file='" + log + "' append='off'/>");
      assertThat(driver.driver().guests().consoleLog(instance)).isEmpty();
      Files.createDirectories(log.getParent());
      Files.writeString(log, "SeaBIOS\nlogin: \n");
      assertThat(driver.driver().guests().consoleLog(instance)).isEqualTo("SeaBIOS\nlogin: \n");
      Files.writeString(log, "x".repeat(200_000) + "end\n");
      String tail = driver.driver().guests().consoleLog(instance);
      assertThat(tail).hasSize(GuestLifecycle.MAX_CONSOLE_BYTES).endsWith("xend\n");
    } finally {
      driver.driver().guests().destroy(instance);
    }
  }
}

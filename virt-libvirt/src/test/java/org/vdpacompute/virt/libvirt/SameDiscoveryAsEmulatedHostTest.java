package org.vdpacompute.virt.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.virt.emulated.EmulatedHypervisor;
import org.vdpacompute.virt.emulated.TopologyReader;

/**
 * The libvirt driver reading a real host's node devices and the emulated hypervisor reading the
 * reference topology describe the same host, so they must give the same discovery result: the
 * emulated host is only worth its name if the rest of the system cannot tell the difference.
 */
class SameDiscoveryAsEmulatedHostTest {

  @Test
  void nodeDevicesOfTheReferenceHostParseToWhatTheEmulatedReferenceHostReports(@TempDir Path state) {
    EmulatedHypervisor emulated = new EmulatedHypervisor("compute-0", TopologyReader.reference(), state);
    assertThat(NodeDeviceParser.reports(ReferenceHost.xml(), emulated.vdpaSupport()))
        .containsExactlyElementsOf(emulated.driver().devices().discover());
  }
}

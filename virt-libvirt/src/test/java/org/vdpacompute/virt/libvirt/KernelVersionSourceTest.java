package org.vdpacompute.virt.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vdpacompute.virt.HypervisorVersion;

class KernelVersionSourceTest {

  @ParameterizedTest
  @ValueSource(strings = {"qemu:///system", "test:///default", "qemu+unix:///system", "qemu://localhost/system"})
  void localUriGivesThisMachinesKernelRelease(String uri) throws Exception {
    HypervisorVersion expected =
        HypervisorVersion.parse(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());

    assertThat(LibvirtHostFacts.kernelOf("compute-0", uri).get()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"qemu+ssh://root@compute-9/system", "qemu+tcp://compute-9/system"})
  void remoteUriHasNoKnowableKernelAndSaysWhy(String uri) {
    assertThatThrownBy(() -> LibvirtHostFacts.kernelOf("compute-9", uri).get())
        .isInstanceOf(HostQueryException.class)
        .hasMessageContaining("reading the kernel version from libvirt at " + uri + " on host compute-9 failed")
        .hasMessageContaining("run the compute agent on the hypervisor host");
  }
}

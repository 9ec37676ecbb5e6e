package org.vdpacompute.virt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VdpaSupportTest {

  private static VdpaSupport gate(String libvirt, String qemu, String kernel) {
    return VdpaSupport.decide(new HypervisorInfo("kvm", HypervisorVersion.parse(libvirt),
        HypervisorVersion.parse(qemu), HypervisorVersion.parse(kernel)));
  }

  @Test
  void hostAtEveryMinimumSupportsVdpa() {
    VdpaSupport support = gate("6.9.0", "5.1.0", "5.7");
    assertThat(support.supported()).isTrue();
    assertThat(support.reason()).isNull();
  }

  @ParameterizedTest(name = "libvirt {0}, QEMU {1}, kernel {2}: supported {3}")
  @CsvSource({
      "6.8.0, 5.1.0, 5.15.0, false",
      "6.8.9, 5.1.0, 5.15.0, false",
      "6.9.0, 5.1.0, 5.15.0, true",
      "6.10.0, 5.1.0, 5.15.0, true",
      "6.9.0, 5.0.0, 5.15.0, false",
      "6.9.0, 5.0.1, 5.15.0, false",
      "6.9.0, 5.1.0, 5.15.0, true",
      "6.9.0, 5.1.0, 5.6.19, false",
      "6.9.0, 5.1.0, 5.6, false",
      "6.9.0, 5.1.0, 5.7, true",
      "6.9.0, 5.1.0, 5.7.0-1-amd64, true"})
  void eachComponentIsGatedAtItsMinimum(String libvirt, String qemu, String kernel, boolean supported) {
    assertThat(gate(libvirt, qemu, kernel).supported()).isEqualTo(supported);
  }

  @Test
  void oldLibvirtIsNamedWithTheFirstVersionThatSupportsVdpa() {
    assertThat(gate("6.8.0", "5.1.0", "5.15.0").reason())
        .isEqualTo("libvirt 6.8.0 is older than 6.9.0, the first version that supports vDPA");
  }

  @Test
  void oldQemuIsNamed() {
    assertThat(gate("6.9.0", "5.0.1", "5.15.0").reason())
        .isEqualTo("QEMU 5.0.1 is older than 5.1.0, the first version that supports vDPA");
  }

  @Test
  void oldKernelIsNamed() {
    assertThat(gate("6.9.0", "5.1.0", "5.6").reason())
        .isEqualTo("kernel 5.6.0 is older than 5.7.0, the first version that supports vDPA");
  }

  @Test
  void everyTooOldComponentIsNamed() {
    assertThat(gate("6.0.0", "4.2.1", "5.4.0").reason())
        .contains("libvirt 6.0.0").contains("QEMU 4.2.1").contains("kernel 5.4.0");
  }
}

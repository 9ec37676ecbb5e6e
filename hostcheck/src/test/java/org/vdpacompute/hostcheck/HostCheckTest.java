package org.vdpacompute.hostcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.pci.spec.DeviceSpecList;
import org.vdpacompute.hostcheck.HostInputs.LibvirtReading;
import org.vdpacompute.virt.HypervisorVersion;

/**
 * host-check on sysfs trees in the layout the kernel documents (src/test/hosts: sys, proc and dev of
 * a ConnectX-6 Dx host in three states) and on this machine's own /sys.
 */
class HostCheckTest {
  private static final Path HOSTS = Path.of("src/test/hosts");
  /** What libvirt said on the Ubuntu 22.04 host the trees are modelled on. */
  private static final LibvirtReading UBUNTU_2204 = new LibvirtReading("qemu:///system", "QEMU",
      HypervisorVersion.parse("8.0.0"), HypervisorVersion.parse("6.2.0"), null);

  private static HostReport check(String host, DeviceSpecList spec) {
    Path root = HOSTS.resolve(host);
    return HostCheck.evaluate(HostReader.read(root.resolve("sys"), root.resolve("proc"), root.resolve("dev"),
        UBUNTU_2204, spec));
  }

  private static Finding finding(HostReport report, String item) {
    return report.findings().stream().filter(f -> f.item().equals(item)).findFirst()
        .orElseThrow(() -> new AssertionError("no item " + item + " in " + report.findings()));
  }

  @Test
  void mlx5InSwitchdevWithVdpaDevicesIsReady() {
    HostReport report = check("mlx5-switchdev-vdpa", null);

    assertThat(report.ready()).isTrue();
    assertThat(finding(report, "PF 0000:06:00.0 SR-IOV").detail()).isEqualTo("4 of 8 VFs enabled");
    assertThat(finding(report, "PF 0000:06:00.0 eswitch").detail())
        .isEqualTo("switchdev (uplink enp6s0f0np0, switch id 0c42a1030d6e0000)");
    assertThat(finding(report, "VF 0000:06:00.2 vDPA device").detail()).isEqualTo("vdpa0 bound to vhost_vdpa, /dev/vhost-vdpa-0");
    assertThat(finding(report, "VF 0000:06:00.5 representor").detail()).isEqualTo("enp6s0f0npf0vf3");
    assertThat(finding(report, "IOMMU").detail()).isEqualTo("5 IOMMU groups; every PF and VF is in one");
    assertThat(finding(report, "locked memory for QEMU").detail())
        .startsWith("virtqemud (pid 2817) has Max locked memory unlimited (soft) / unlimited (hard)");
    assertThat(finding(report, "kernel").detail()).isEqualTo("5.15.0; vDPA needs 5.7.0 or newer");
    assertThat(finding(report, "QEMU").verdict()).isEqualTo(Verdict.OK);
    assertThat(report.deviceSpecLines()).containsExactly("device_spec = {\"vendor_id\":\"15b3\",\"product_id\":\"101e\"}");
    assertThat(report.udevRules())
        .contains("ACTION==\"add\", SUBSYSTEM==\"pci\", KERNEL==\"0000:06:00.0\", ATTR{sriov_numvfs}=\"4\"");
    assertThat(report.systemdUnit()).contains(
        "ExecStart=/usr/sbin/devlink dev eswitch set pci/0000:06:00.0 mode switchdev",
        "ExecStart=/usr/sbin/vdpa dev add name vdpa0 mgmtdev pci/0000:06:00.2",
        "ExecStart=/usr/sbin/vdpa dev add name vdpa3 mgmtdev pci/0000:06:00.5",
        "Before=libvirtd.service virtqemud.service openvswitch-switch.service");
  }

  @Test
  void sriovWithoutVdpaSaysWhatEachVfLacks() {
    HostReport report = check("sriov-without-vdpa", null);

    assertThat(report.ready()).isFalse();
    assertThat(finding(report, "PF 0000:06:00.0 eswitch")).isEqualTo(Finding.missing("PF 0000:06:00.0 eswitch",
        "legacy mode: its netdev enp6s0f0 has no phys_switch_id",
        "unbind its VFs from their driver, then devlink dev eswitch set pci/0000:06:00.0 mode switchdev,"
            + " then bind them again (the unit below does it at boot)"));
    assertThat(finding(report, "VF 0000:06:00.3 vDPA device").fix())
        .startsWith("vdpa dev add name vdpaN mgmtdev pci/0000:06:00.3");
    assertThat(finding(report, "VF 0000:06:00.3 representor").detail())
        .isEqualTo("none: PF 0000:06:00.0 is not in switchdev mode");
    assertThat(finding(report, HostCheck.KERNEL_VDPA).verdict()).isEqualTo(Verdict.OK);
    assertThat(report.missing()).isEqualTo(9);
    assertThat(report.systemdUnit()).isEmpty();
  }

  @Test
  void aHostWithoutIommuIsNotReadyForThatAlone() {
    HostReport report = check("switchdev-without-iommu", null);

    assertThat(report.findings()).filteredOn(f -> f.verdict() == Verdict.MISSING).containsExactly(
        Finding.missing("IOMMU", "no IOMMU groups: the kernel runs without an IOMMU",
            "enable VT-d or AMD-Vi in the firmware and boot with intel_iommu=on iommu=pt (or amd_iommu=on)"));
  }

  @Test
  void theConfiguredDeviceSpecIsCheckedAgainstEveryFunction() {
    DeviceSpecList spec = DeviceSpecList.parse(List.of(
        "{\"address\": \"0000:06:00.2\", \"physical_network\": \"physnet4\"}"));

    HostReport report = check("mlx5-switchdev-vdpa", spec);

    assertThat(finding(report, "device_spec for VDPA 0000:06:00.2").detail())
        .startsWith("whitelisted by ").endsWith(" with physical_network=physnet4");
    assertThat(finding(report, "device_spec for VDPA 0000:06:00.3").verdict()).isEqualTo(Verdict.WARNING);
    assertThat(finding(report, "device_spec for PF 0000:06:00.0").verdict()).isEqualTo(Verdict.INFO);
    assertThat(report.ready()).isTrue();
  }

  @Test
  void aRemoteManagedEntryWhitelistsTheFunctionsOfACardWhoseVpdHasASerial() {
    // The PF's vpd is the ConnectX-6 Dx's; its VFs have none of their own and are on its card.
    DeviceSpecList spec = DeviceSpecList.parse(List.of(
        "{\"vendor_id\": \"15b3\", \"product_id\": \"101e\", \"remote_managed\": \"true\"}"));

    HostReport withSerial = check("mlx5-switchdev-vdpa", spec);
    HostReport withoutVpd = check("sriov-without-vdpa", spec);

    assertThat(finding(withSerial, "device_spec for VDPA 0000:06:00.2").detail()).startsWith("whitelisted by ");
    assertThat(finding(withoutVpd, "device_spec for VF 0000:06:00.3").detail())
        .isEqualTo("not whitelisted: the agent will not report it");
  }

  @Test
  void thisMachinesKernelHasNoVdpaAndHostCheckSaysExactlyThat() {
    HostReport report = HostCheck.evaluate(HostReader.read(Path.of("/sys"), Path.of("/proc"), Path.of("/dev"),
        "test:///default", null));

    assertThat(report.ready()).isFalse();
    assertThat(finding(report, HostCheck.KERNEL_VDPA)).isEqualTo(Finding.missing(HostCheck.KERNEL_VDPA,
        "the kernel has no vDPA support: modules vdpa and vhost_vdpa are not loaded and there is no vdpa bus (/sys/bus/vdpa)",
        "modprobe vhost_vdpa (it loads vdpa); a kernel without them needs CONFIG_VDPA and CONFIG_VHOST_VDPA,"
            + " in Linux 5.7.0 or newer"));
    assertThat(finding(report, "libvirt").detail()).isEqualTo("9.0.0 at test:///default; vDPA needs 6.9.0 or newer");
  }
}

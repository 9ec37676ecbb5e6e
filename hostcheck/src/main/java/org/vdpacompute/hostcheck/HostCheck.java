package org.vdpacompute.hostcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.DeviceIdentity;
import org.vdpacompute.core.pci.spec.DeviceSpec;
import org.vdpacompute.hostcheck.HostInputs.LibvirtReading;
import org.vdpacompute.sysfs.NetDevice;
import org.vdpacompute.sysfs.PciFunction;
import org.vdpacompute.sysfs.Sysfs;
import org.vdpacompute.sysfs.VdpaBusDevice;
import org.vdpacompute.virt.HypervisorVersion;
import org.vdpacompute.virt.VdpaSupport;

/**
 * Judges what was read, item by item, in the order an operator fixes them: kernel, SR-IOV,
 * eswitch, vDPA devices, representors, IOMMU, memory locking, versions, whitelist. Pure: the
 * same inputs always give the same report.
 */
public final class HostCheck {

  static final String KERNEL_VDPA = "kernel vDPA support";

  private HostCheck() {}

  public static HostReport evaluate(HostInputs in) {
    List<Finding> findings = new ArrayList<>();
    findings.add(kernelVdpa(in));
    findings.addAll(pfs(in));
    findings.addAll(vfs(in));
    findings.add(iommu(in.sysfs()));
    findings.add(memlock(in));
    findings.addAll(versions(in));
    findings.addAll(whitelist(in));
    return new HostReport(findings, DeviceSpecSuggestion.lines(in.sysfs()), BootUnits.udevRules(in.sysfs()),
        BootUnits.systemdUnit(in.sysfs()));
  }

  private static Finding kernelVdpa(HostInputs in) {
    Sysfs s = in.sysfs();
    List<String> absent = new ArrayList<>();
    for (String m : List.of("vdpa", "vhost_vdpa")) {
      if (!s.modules().contains(m)) {
        absent.add(m);
      }
    }
    if (absent.isEmpty() && s.vdpaBus()) {
      return Finding.ok(KERNEL_VDPA, "modules vdpa and vhost_vdpa are loaded; the vdpa bus is at "
          + in.sysfsRoot() + "/bus/vdpa");
    }
    List<String> lacks = new ArrayList<>();
    if (!absent.isEmpty()) {
      lacks.add((absent.size() == 1 ? "module " : "modules ") + String.join(" and ", absent)
          + (absent.size() == 1 ? " is" : " are") + " not loaded");
    }
    if (!s.vdpaBus()) {
      lacks.add("there is no vdpa bus (" + in.sysfsRoot() + "/bus/vdpa)");
    }
    return Finding.missing(KERNEL_VDPA, "the kernel has no vDPA support: " + String.join(" and ", lacks),
        "modprobe vhost_vdpa (it loads vdpa); a kernel without them needs CONFIG_VDPA and CONFIG_VHOST_VDPA,"
            + " in Linux " + VdpaSupport.MIN_KERNEL + " or newer");
  }

  private static List<Finding> pfs(HostInputs in) {
    Sysfs s = in.sysfs();
    List<Finding> findings = new ArrayList<>();
    if (s.pfs().isEmpty()) {
      findings.add(Finding.missing("SR-IOV", "no PCI function of this host can have VFs (none has sriov_totalvfs)",
          "enable SR-IOV for the NIC in the firmware (and, for mlx5, SRIOV_EN and NUM_OF_VFS with mlxconfig)"));
      return findings;
    }
    for (PciFunction pf : s.pfs()) {
      String item = "PF " + pf.address();
      int numVfs = pf.numVfs() == null ? 0 : pf.numVfs();
      if (numVfs > 0) {
        findings.add(Finding.ok(item + " SR-IOV", numVfs + " of " + pf.totalVfs() + " VFs enabled"));
      } else {
        findings.add(Finding.missing(item + " SR-IOV", "0 of " + pf.totalVfs() + " VFs enabled",
            "echo N > /sys/bus/pci/devices/" + pf.address() + "/sriov_numvfs (N up to " + pf.totalVfs()
                + "); the udev rule below keeps it across reboots"));
      }
      Optional<NetDevice> uplink = s.uplinkOf(pf);
      if (uplink.isPresent()) {
        findings.add(Finding.ok(item + " eswitch", "switchdev (uplink " + uplink.get().name() + ", switch id "
            + uplink.get().switchId() + ")"));
      } else {
        findings.add(Finding.missing(item + " eswitch", "legacy mode: its netdev"
            + (pf.netdevs().isEmpty() ? "" : " " + String.join(", ", pf.netdevs())) + " has no phys_switch_id",
            "unbind its VFs from their driver, then devlink dev eswitch set pci/" + pf.address()
                + " mode switchdev, then bind them again (the unit below does it at boot)"));
      }
    }
    return findings;
  }

  private static List<Finding> vfs(HostInputs in) {
    Sysfs s = in.sysfs();
    List<Finding> findings = new ArrayList<>();
    for (PciFunction pf : s.pfs()) {
      for (PciFunction vf : s.vfsOf(pf.address())) {
        findings.add(vdpaDevice(in, vf));
        String item = "VF " + vf.address() + " representor";
        Optional<String> rep = s.representorOf(vf.address());
        if (rep.isPresent()) {
          findings.add(Finding.ok(item, rep.get()));
        } else if (s.switchdev(pf)) {
          findings.add(Finding.missing(item, "no netdev in the switch of PF " + pf.address() + " has phys_port_name pf"
              + pf.address().function() + "vf" + vf.vfIndex(), "bind VF " + vf.address()
              + " to its driver (" + Optional.ofNullable(vf.driver()).orElse("mlx5_core") + ") so that its representor appears"));
        } else {
          findings.add(Finding.missing(item, "none: PF " + pf.address() + " is not in switchdev mode",
              "put PF " + pf.address() + " in switchdev mode (see its eswitch item)"));
        }
      }
    }
    return findings;
  }

  private static Finding vdpaDevice(HostInputs in, PciFunction vf) {
    String item = "VF " + vf.address() + " vDPA device";
    List<VdpaBusDevice> devices = in.sysfs().vdpaDevicesOf(vf.address());
    if (devices.isEmpty()) {
      return Finding.missing(item, "none", "vdpa dev add name vdpaN mgmtdev pci/" + vf.address()
          + " (iproute2; with the vendor's vDPA driver loaded, such as mlx5_vdpa)");
    }
    VdpaBusDevice d = devices.get(0);
    if (!"vhost_vdpa".equals(d.driver()) || d.vhostDevice() == null) {
      return Finding.missing(item, d.name() + " is bound to " + Optional.ofNullable(d.driver()).orElse("no driver")
          + ", not vhost_vdpa, so no guest can use it",
          (d.driver() == null ? "" : "echo " + d.name() + " > /sys/bus/vdpa/drivers/" + d.driver() + "/unbind; ")
              + "echo " + d.name() + " > /sys/bus/vdpa/drivers/vhost_vdpa/bind");
    }
    if (!in.devNodes().contains(d.vhostDevice())) {
      return Finding.missing(item, d.name() + " has " + d.vhostDevice() + " but " + d.chardev() + " does not exist",
          "udev creates the node: check that systemd-udevd runs (udevadm trigger --subsystem-match=vhost-vdpa)");
    }
    return Finding.ok(item, d.name() + " bound to vhost_vdpa, " + d.chardev());
  }

  private static Finding iommu(Sysfs s) {
    String item = "IOMMU";
    if (s.iommuGroups() == 0) {
      return Finding.missing(item, "no IOMMU groups: the kernel runs without an IOMMU",
          "enable VT-d or AMD-Vi in the firmware and boot with intel_iommu=on iommu=pt (or amd_iommu=on)");
    }
    List<String> without = s.functions().stream().filter(f -> f.isPf() || f.isVf())
        .filter(f -> f.iommuGroup() == null).map(f -> f.address().toString()).toList();
    if (!without.isEmpty()) {
      return Finding.missing(item, s.iommuGroups() + " IOMMU groups, but " + String.join(", ", without)
          + " are in none", "boot with iommu=pt and check the firmware's ACS settings");
    }
    return Finding.ok(item, s.iommuGroups() + " IOMMU groups; every PF and VF is in one");
  }

  private static Finding memlock(HostInputs in) {
    String item = "locked memory for QEMU";
    String guests = "libvirt lifts the limit for the guests vdpa-compute defines, which lock their memory"
        + " (<memoryBacking><locked/>)";
    if (in.memlock() == null) {
      return new Finding(item, Verdict.INFO, "no libvirtd or virtqemud process found, so the limit QEMU inherits"
          + " is unknown; " + guests, null);
    }
    HostInputs.MemlockReading m = in.memlock();
    return Finding.ok(item, m.process() + " (pid " + m.pid() + ") has Max locked memory " + m.soft() + " (soft) / "
        + m.hard() + " (hard), which QEMU inherits; " + guests);
  }

  private static List<Finding> versions(HostInputs in) {
    List<Finding> findings = new ArrayList<>();
    LibvirtReading lv = in.libvirt();
    if (lv.error() != null) {
      findings.add(Finding.missing("libvirt", "cannot be asked at " + lv.uri() + ": " + lv.error(),
          "start libvirt's daemon (virtqemud or libvirtd), or give --libvirt-uri"));
    } else {
      findings.add(gate("libvirt", lv.libvirt(), VdpaSupport.MIN_LIBVIRT, "at " + lv.uri()));
      // libvirt's test driver and others report their own version where QEMU's would be.
      boolean qemu = List.of("qemu", "kvm").contains(lv.hypervisor().toLowerCase(java.util.Locale.ROOT));
      findings.add(gate(qemu ? "QEMU" : "hypervisor " + lv.hypervisor(), lv.qemu(), VdpaSupport.MIN_QEMU,
          "at " + lv.uri()));
    }
    if (in.kernel() == null) {
      findings.add(Finding.missing("kernel", "its release cannot be read", "check that /proc is mounted"));
    } else {
      findings.add(gate("kernel", in.kernel(), VdpaSupport.MIN_KERNEL, ""));
    }
    return findings;
  }

  private static Finding gate(String what, HypervisorVersion found, HypervisorVersion min, String where) {
    String detail = found + (where.isEmpty() ? "" : " " + where);
    if (found.isAtLeast(min)) {
      return Finding.ok(what, detail + "; vDPA needs " + min + " or newer");
    }
    return Finding.missing(what, detail + " is older than " + min + ", the first version that supports vDPA",
        "upgrade " + what + " to " + min + " or newer");
  }

  private static List<Finding> whitelist(HostInputs in) {
    if (in.deviceSpec() == null) {
      return List.of(new Finding("device_spec", Verdict.INFO,
          "no configuration given (--config FILE): what the agent would whitelist is not known", null));
    }
    Sysfs s = in.sysfs();
    List<Finding> findings = new ArrayList<>();
    for (PciFunction pf : s.pfs()) {
      findings.add(whitelisted(in, pf, new DeviceIdentity(pf.address(), pf.ids(), DevType.PF, null,
          pf.netdevs().stream().findFirst().orElse(null), null, pf.vpdSerial())));
      for (PciFunction vf : s.vfsOf(pf.address())) {
        DevType type = s.vdpaDevicesOf(vf.address()).isEmpty() ? DevType.VF : DevType.VDPA;
        // A VF without VPD of its own is on its PF's card, as the agent's discovery reports it.
        String serial = vf.vpdSerial() != null ? vf.vpdSerial() : pf.vpdSerial();
        findings.add(whitelisted(in, vf, new DeviceIdentity(vf.address(), vf.ids(), type, pf.address(),
            vf.netdevs().stream().findFirst().orElse(null), pf.netdevs().stream().findFirst().orElse(null), serial)));
      }
    }
    return findings;
  }

  private static Finding whitelisted(HostInputs in, PciFunction f, DeviceIdentity id) {
    String item = "device_spec for " + id.type().name() + " " + f.address();
    Optional<DeviceSpec> spec = in.deviceSpec().specOf(id);
    if (spec.isEmpty()) {
      Verdict verdict = id.type() == DevType.VDPA ? Verdict.WARNING : Verdict.INFO;
      return new Finding(item, verdict, "not whitelisted: the agent will not report it",
          verdict == Verdict.WARNING ? "add a device_spec line for it (see below)" : null);
    }
    String tags = spec.get().tags().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
    return Finding.ok(item, "whitelisted by " + spec.get().origin() + (tags.isEmpty() ? "" : " with " + tags));
  }
}

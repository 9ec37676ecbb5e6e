package org.vdpacompute.hostcheck;

import java.util.List;
import org.vdpacompute.sysfs.PciFunction;
import org.vdpacompute.sysfs.Sysfs;
import org.vdpacompute.sysfs.VdpaBusDevice;

/**
 * The files that make a host come back from a reboot as it is now. The kernel forgets VFs,
 * eswitch mode and vDPA devices at every boot, and Nova leaves recreating them to the operator:
 *
 * <ul>
 *   <li>a udev rule per PF sets {@code sriov_numvfs} when the PF's driver binds it, so the VFs
 *       exist before anything looks for them;
 *   <li>a oneshot systemd unit, ordered before libvirt and Open vSwitch, puts each PF that is in
 *       switchdev mode now back into it (mlx5 refuses the change while VFs are bound, so they are
 *       unbound around it), and adds each vDPA device again on its VF with iproute2's {@code vdpa}.
 * </ul>
 *
 * Only what exists now is recreated; a PF in legacy mode is left so, with a comment.
 */
final class BootUnits {
  static final String UNIT_NAME = "vdpa-compute-host.service";

  private BootUnits() {}

  static String udevRules(Sysfs sysfs) {
    StringBuilder rules = new StringBuilder();
    for (PciFunction pf : sysfs.pfs()) {
      if (pf.numVfs() != null && pf.numVfs() > 0) {
        rules.append("ACTION==\"add\", SUBSYSTEM==\"pci\", KERNEL==\"").append(pf.address())
            .append("\", ATTR{sriov_numvfs}=\"").append(pf.numVfs()).append("\"\n");
      }
    }
    if (rules.isEmpty()) {
      return "";
    }
    return "# /etc/udev/rules.d/70-vdpa-compute-vfs.rules: the VFs, made when the PF appears at boot\n" + rules;
  }

  static String systemdUnit(Sysfs sysfs) {
    StringBuilder steps = new StringBuilder();
    for (PciFunction pf : sysfs.pfs()) {
      List<PciFunction> vfs = sysfs.vfsOf(pf.address());
      if (vfs.isEmpty()) {
        continue;
      }
      if (sysfs.switchdev(pf)) {
        String driver = vfs.get(0).driver() == null ? "mlx5_core" : vfs.get(0).driver();
        String addresses = String.join(" ", vfs.stream().map(v -> v.address().toString()).toList());
        steps.append("ExecStart=/bin/sh -c 'for vf in ").append(addresses).append("; do echo $vf > /sys/bus/pci/drivers/")
            .append(driver).append("/unbind || true; done'\n");
        steps.append("ExecStart=/usr/sbin/devlink dev eswitch set pci/").append(pf.address()).append(" mode switchdev\n");
        steps.append("ExecStart=/bin/sh -c 'for vf in ").append(addresses).append("; do echo $vf > /sys/bus/pci/drivers/")
            .append(driver).append("/bind; done'\n");
      } else {
        steps.append("# PF ").append(pf.address()).append(" is in legacy mode now and is left so\n");
      }
      for (PciFunction vf : vfs) {
        for (VdpaBusDevice d : sysfs.vdpaDevicesOf(vf.address())) {
          steps.append("ExecStart=/usr/sbin/vdpa dev add name ").append(d.name()).append(" mgmtdev pci/")
              .append(vf.address()).append('\n');
        }
      }
    }
    if (!steps.toString().contains("ExecStart=")) {
      return "";
    }
    return "# /etc/systemd/system/" + UNIT_NAME + ": switchdev mode and vDPA devices, before libvirt and OVS\n"
        + "[Unit]\n"
        + "Description=vDPA host devices for vdpa-compute (switchdev mode, vDPA devices)\n"
        + "After=systemd-udev-settle.service\n"
        + "Wants=systemd-udev-settle.service\n"
        + "Before=libvirtd.service virtqemud.service openvswitch-switch.service\n"
        + "\n"
        + "[Service]\n"
        + "Type=oneshot\n"
        + "RemainAfterExit=yes\n"
        + "ExecStart=/usr/sbin/modprobe vhost_vdpa\n"
        + steps
        + "\n"
        + "[Install]\n"
        + "WantedBy=multi-user.target\n";
  }
}

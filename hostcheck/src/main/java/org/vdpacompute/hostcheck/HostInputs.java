package org.vdpacompute.hostcheck;

import java.util.Set;
import org.vdpacompute.core.pci.spec.DeviceSpecList;
import org.vdpacompute.sysfs.Sysfs;
import org.vdpacompute.virt.HypervisorVersion;

/**
 * Everything host-check read, before it judges anything.
 *
 * @param sysfsRoot where sysfs was read, for messages
 * @param kernel the running kernel's release; null when unreadable
 * @param libvirt what libvirt said, or why it could not
 * @param memlock the locked-memory limit of libvirt's daemon, which QEMU inherits; null when no
 *     daemon process was found
 * @param devNodes the names of the {@code vhost-vdpa-N} nodes in {@code /dev}
 * @param deviceSpec the configured {@code [pci] device_spec}; null when no configuration was given
 */
public record HostInputs(
    String sysfsRoot,
    Sysfs sysfs,
    HypervisorVersion kernel,
    LibvirtReading libvirt,
    MemlockReading memlock,
    Set<String> devNodes,
    DeviceSpecList deviceSpec) {

  public HostInputs {
    devNodes = Set.copyOf(devNodes);
  }

  /**
   * libvirt's versions, or why they could not be read.
   *
   * @param hypervisor the driver's type ({@code QEMU}, {@code TEST}); null on error
   */
  public record LibvirtReading(String uri, String hypervisor, HypervisorVersion libvirt, HypervisorVersion qemu,
      String error) {}

  /**
   * The {@code Max locked memory} line of a process's {@code /proc/PID/limits}.
   *
   * @param soft the soft limit as written ({@code 65536}, {@code unlimited}), in bytes
   */
  public record MemlockReading(String process, int pid, String soft, String hard) {}
}

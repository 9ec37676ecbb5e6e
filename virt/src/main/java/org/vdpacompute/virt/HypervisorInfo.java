package org.vdpacompute.virt;

import org.vdpacompute.core.InvalidValueException;

/**
 * What runs a host's guests: the hypervisor type ({@code kvm}, {@code qemu}, {@code test}) and the
 * versions of libvirt, QEMU and the host kernel, the three that decide vDPA support.
 */
public record HypervisorInfo(
    String type,
    HypervisorVersion libvirtVersion,
    HypervisorVersion qemuVersion,
    HypervisorVersion kernelVersion) {

  public HypervisorInfo {
    if (type == null || type.isBlank()) {
      throw new InvalidValueException("hypervisor type is missing");
    }
    if (libvirtVersion == null || qemuVersion == null || kernelVersion == null) {
      throw new InvalidValueException(
          "hypervisor " + type + " needs libvirt, QEMU and kernel versions");
    }
  }
}

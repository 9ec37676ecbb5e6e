package org.vdpacompute.core.pci;

import org.vdpacompute.core.InvalidValueException;

/**
 * A vDPA device bound to a VF: its kernel name ({@code vdpa0}) and the vhost-vdpa character device
 * the guest's interface is backed by ({@code /dev/vhost-vdpa-0}).
 *
 * <p>Both names are interned: every host of a cloud reports the same few dozen of them, and a
 * controller keeps each host's devices in memory.
 */
public record VdpaDevice(String name, String chardev) {
  public VdpaDevice {
    if (name == null || name.isBlank()) {
      throw new InvalidValueException("vDPA device name is missing");
    }
    if (chardev == null || !chardev.startsWith("/dev/")) {
      throw new InvalidValueException("vDPA device " + name + " has no /dev chardev: '" + chardev + "'");
    }
    name = name.intern();
    chardev = chardev.intern();
  }
}

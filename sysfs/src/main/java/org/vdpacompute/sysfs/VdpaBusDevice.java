package org.vdpacompute.sysfs;

import org.vdpacompute.core.pci.PciAddress;

/**
 * A device of {@code /sys/bus/vdpa/devices} ({@code vdpa dev add} makes them).
 *
 * @param parent the VF it was made on; null for a device not backed by a PCI function (vdpa_sim)
 * @param driver {@code vhost_vdpa} when a guest can use it, {@code virtio_vdpa} when the host
 *     itself does, null when unbound
 * @param vhostDevice {@code vhost-vdpa-N}, the character device vhost_vdpa made for it; null when
 *     not bound to vhost_vdpa
 */
public record VdpaBusDevice(String name, PciAddress parent, String driver, String vhostDevice) {

  /** The character device a guest's {@code <interface type="vdpa">} names. */
  public String chardev() {
    return vhostDevice == null ? null : "/dev/" + vhostDevice;
  }
}

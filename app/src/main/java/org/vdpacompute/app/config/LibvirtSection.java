package org.vdpacompute.app.config;

import java.util.Objects;

/**
 * {@code [libvirt]}: the libvirt driver's connection.
 *
 * @param uri the libvirt connection URI
 */
public record LibvirtSection(String uri) {
  /** {@code qemu:///system}, the host's system QEMU/KVM daemon. */
  public static final String DEFAULT_URI = "qemu:///system";

  public LibvirtSection {
    Objects.requireNonNull(uri, "uri");
  }
}

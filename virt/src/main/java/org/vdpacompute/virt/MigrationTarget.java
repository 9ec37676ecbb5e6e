package org.vdpacompute.virt;

import org.vdpacompute.core.InvalidValueException;

/**
 * Where a live migration sends a guest.
 *
 * @param host the destination host's name
 * @param uri how the source's hypervisor reaches the destination's ({@code qemu+tcp://host/system});
 *     null when the driver derives it from the host name
 * @param domainXml the domain XML the guest is to have on the destination (devices and NUMA placement
 *     chosen there); null to keep the source's
 */
public record MigrationTarget(String host, String uri, String domainXml) {
  public MigrationTarget {
    if (host == null || host.isBlank()) {
      throw new InvalidValueException("migration destination host is missing");
    }
  }

  public static MigrationTarget host(String host) {
    return new MigrationTarget(host, null, null);
  }
}

package org.vdpacompute.virt;

import org.vdpacompute.core.InvalidValueException;

/**
 * A host's driver as one value: its five narrow parts, each one job. A hypervisor (libvirt,
 * emulated) gives one; whoever drives the host hands each of its own parts only the part it needs,
 * so nothing implements, or delegates, the lot.
 */
public record Driver(HostFacts facts, DeviceDiscovery devices, GuestLifecycle guests, InterfaceHotplug hotplug,
    GuestMigration migration) {
  public Driver {
    if (facts == null || devices == null || guests == null || hotplug == null || migration == null) {
      throw new InvalidValueException("a driver needs all five of its parts: facts, devices, guests, hotplug, migration");
    }
  }
}

package org.vdpacompute.virt.libvirt;

import java.util.UUID;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.InterfaceHotplug;

/**
 * Attaches and detaches devices of a live guest in both its live and its persistent definition, so
 * that a later stop and start keeps what was plugged.
 */
final class LibvirtHotplug implements InterfaceHotplug {

  // virDomainModificationImpact: VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG.
  static final int AFFECT_LIVE_AND_CONFIG = 1 | 2;

  private final DomainAccess access;

  LibvirtHotplug(DomainAccess access) {
    this.access = access;
  }

  @Override
  public void attachDevice(UUID instance, String deviceXml) {
    access.act(instance, GuestOperation.ATTACH,
        (domain, before) -> domain.attachDeviceFlags(deviceXml, AFFECT_LIVE_AND_CONFIG));
  }

  /**
   * Asks libvirt to remove the device. With QEMU the removal completes when the guest releases the
   * device, which may be after this returns.
   */
  @Override
  public void detachDevice(UUID instance, String deviceXml) {
    access.act(instance, GuestOperation.DETACH,
        (domain, before) -> domain.detachDeviceFlags(deviceXml, AFFECT_LIVE_AND_CONFIG));
  }
}

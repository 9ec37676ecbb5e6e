package org.vdpacompute.virt.libvirt;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.virt.GuestDeviceConflictException;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.HypervisorOperationException;
import org.vdpacompute.virt.InterfaceHotplug;

/**
 * Attaches and detaches devices of a live guest in both its live and its persistent definition, so
 * that a later stop and start keeps what was plugged. A detach returns only once libvirt reported
 * the device removed (Nova's libvirt driver waits the same way), so the caller can free the device
 * or migrate the guest knowing QEMU let go of it.
 */
final class LibvirtHotplug implements InterfaceHotplug {
  // virDomainModificationImpact: VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG.
  static final int AFFECT_LIVE_AND_CONFIG = 1 | 2;

  private final DomainAccess access;
  private final DomainCalls calls;
  private final Duration detachTimeout;

  LibvirtHotplug(DomainAccess access, DomainCalls calls, Duration detachTimeout) {
    this.access = access;
    this.calls = calls;
    this.detachTimeout = detachTimeout;
  }

  /**
   * Plugs the device in. A device the guest has already (an interface of that MAC, a hostdev of that
   * PCI address) is refused as the emulated host refuses it, before libvirt is asked.
   *
   * @throws GuestDeviceConflictException if the guest has the device already
   */
  @Override
  public void attachDevice(UUID instance, String deviceXml) {
    access.act(instance, GuestOperation.ATTACH, (domain, before) -> {
      if (live(instance, GuestOperation.ATTACH, domain, deviceXml).isPresent()) {
        throw new GuestDeviceConflictException(access.connection().hostname(), instance, GuestOperation.ATTACH,
            "the guest already has this device: " + DeviceAliases.describe(deviceXml));
      }
      calls.attachDeviceFlags(domain, deviceXml, AFFECT_LIVE_AND_CONFIG);
    });
  }

  /**
   * Asks libvirt to remove the device and waits for its device-removed event. A device the guest
   * does not have is refused as the emulated host refuses it, before libvirt is asked: the caller's
   * view of the guest is wrong.
   *
   * @throws GuestDeviceConflictException if the guest has no such device
   * @throws DeviceDetachException if libvirt reports the removal failed, or no event comes within
   *     the detach timeout
   */
  @Override
  public void detachDevice(UUID instance, String deviceXml) {
    LibvirtConnection conn = access.connection();
    access.act(instance, GuestOperation.DETACH, (domain, before) -> {
      Optional<DeviceAliases.LiveDevice> live = live(instance, GuestOperation.DETACH, domain, deviceXml);
      if (live.isEmpty()) {
        throw new GuestDeviceConflictException(conn.hostname(), instance, GuestOperation.DETACH,
            "the guest has no " + DeviceAliases.describe(deviceXml));
      }
      String alias = live.get().alias();
      if (alias == null) {
        throw new DeviceDetachException(conn.hostname(), instance, "libvirt at " + conn.uri()
            + " gave the device no alias in the live domain, so its removal cannot be awaited");
      }
      try (DeviceRemovals.Expected removal = conn.removals().expect(instance, alias)) {
        calls.detachDeviceFlags(domain, deviceXml, AFFECT_LIVE_AND_CONFIG);
        DeviceRemovals.Outcome outcome;
        try {
          outcome = removal.await(detachTimeout);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DeviceDetachException(conn.hostname(), instance, "interrupted while waiting for device "
              + alias + " to be removed; it may still be the guest's");
        }
        if (outcome == null) {
          throw new DeviceDetachException(conn.hostname(), instance, "the guest did not release device " + alias
              + " within " + detachTimeout.toMillis() + " ms: libvirt at " + conn.uri()
              + " sent no device-removed event; the device is still the guest's");
        }
        if (outcome == DeviceRemovals.Outcome.FAILED) {
          throw new DeviceDetachException(conn.hostname(), instance, "libvirt at " + conn.uri()
              + " reported that the removal of device " + alias + " failed; the device is still the guest's");
        }
      }
    });
  }

  /** The guest's live device {@code deviceXml} means, if it has one; device XML it cannot mean anything by fails. */
  private Optional<DeviceAliases.LiveDevice> live(UUID instance, GuestOperation operation, Domain domain,
      String deviceXml) throws LibvirtException {
    try {
      return DeviceAliases.find(calls.xmlDesc(domain), deviceXml);
    } catch (InvalidValueException e) {
      throw new HypervisorOperationException(access.connection().hostname(), instance, operation, e.getMessage(), e);
    }
  }
}

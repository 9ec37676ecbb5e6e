package org.vdpacompute.virt.libvirt;

import java.util.UUID;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.HypervisorOperationException;

/**
 * The guest did not let go of a device: libvirt reported the removal failed, or sent no
 * device-removed event in time. The device is still the guest's: it must not be freed for another
 * guest, nor the guest migrated without it.
 */
public class DeviceDetachException extends HypervisorOperationException {
  public DeviceDetachException(String host, UUID instance, String reason) {
    super(host, instance, GuestOperation.DETACH, reason);
  }
}

package org.vdpacompute.virt.libvirt;

import java.util.UUID;
import org.vdpacompute.virt.GuestState;

/**
 * Told of a guest's power state change as libvirt's lifecycle event reports it, whoever caused
 * it: this driver, an operator with virsh, the guest shutting itself down, QEMU crashing.
 */
@FunctionalInterface
public interface PowerStateListener {
  /** Called on libvirt's event thread: return quickly. */
  void powerStateChanged(UUID instance, GuestState state);
}

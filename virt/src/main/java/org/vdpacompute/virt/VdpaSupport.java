package org.vdpacompute.virt;

import java.util.ArrayList;
import java.util.List;
import org.vdpacompute.core.InvalidValueException;

/**
 * Whether a host can give guests vDPA interfaces, and if not, why. The minimums are those of Nova's
 * libvirt driver ({@code MIN_LIBVIRT_VDPA}, {@code MIN_QEMU_VDPA}) and of the kernel's
 * vhost-vdpa driver, which first shipped in 5.7. A host below any of them reports its vDPA-capable
 * VFs as plain VFs, so they are never scheduled for vdpa ports there.
 *
 * @param reason why vDPA is unsupported, naming each component that is too old; null when supported
 */
public record VdpaSupport(boolean supported, String reason) {

  public static final HypervisorVersion MIN_LIBVIRT = new HypervisorVersion(6, 9, 0);
  public static final HypervisorVersion MIN_QEMU = new HypervisorVersion(5, 1, 0);
  public static final HypervisorVersion MIN_KERNEL = new HypervisorVersion(5, 7, 0);

  /** A host where every component is recent enough. */
  public static final VdpaSupport SUPPORTED = new VdpaSupport(true, null);

  public VdpaSupport {
    if (supported && reason != null) {
      throw new InvalidValueException("a supported vDPA host has no reason against it: " + reason);
    }
    if (!supported && (reason == null || reason.isBlank())) {
      throw new InvalidValueException("an unsupported vDPA host needs a reason");
    }
  }

  public static VdpaSupport unsupported(String reason) {
    return new VdpaSupport(false, reason);
  }

  /** The gate: supported only when libvirt, QEMU and the kernel all reach their minimums. */
  public static VdpaSupport decide(HypervisorInfo hypervisor) {
    List<String> tooOld = new ArrayList<>();
    check(tooOld, "libvirt", hypervisor.libvirtVersion(), MIN_LIBVIRT);
    check(tooOld, "QEMU", hypervisor.qemuVersion(), MIN_QEMU);
    check(tooOld, "kernel", hypervisor.kernelVersion(), MIN_KERNEL);
    return tooOld.isEmpty() ? SUPPORTED : unsupported(String.join("; ", tooOld));
  }

  private static void check(
      List<String> tooOld, String component, HypervisorVersion found, HypervisorVersion minimum) {
    if (!found.isAtLeast(minimum)) {
      tooOld.add(
          component + " " + found + " is older than " + minimum
              + ", the first version that supports vDPA");
    }
  }
}

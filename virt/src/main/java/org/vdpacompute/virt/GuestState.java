package org.vdpacompute.virt;

/** The run state of a guest defined on a host, with the names libvirt's {@code virsh list} uses. */
public enum GuestState {
  /** vCPUs run. */
  RUNNING("running"),
  /** vCPUs stopped with memory kept in the host ({@code virDomainSuspend}). */
  PAUSED("paused"),
  /** Defined but not running. */
  SHUTOFF("shut off"),
  /** Memory written to disk and the guest stopped ({@code virDomainManagedSave}); start restores it. */
  SAVED("saved"),
  /**
   * Defined, but its definition or run state cannot be read (a file damaged on disk, a domain the
   * hypervisor cannot describe): nothing can be done with it but destroying it, and nothing else on
   * the host depends on it.
   */
  BROKEN("broken");

  private final String displayName;

  GuestState(String displayName) {
    this.displayName = displayName;
  }

  /** True when the guest has a QEMU process and so holds its host devices. */
  public boolean isActive() {
    return this == RUNNING || this == PAUSED;
  }

  @Override
  public String toString() {
    return displayName;
  }
}

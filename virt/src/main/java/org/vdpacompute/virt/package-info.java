/**
 * The hypervisor-facing side of a compute host, as narrow interfaces with one job each: {@link
 * org.vdpacompute.virt.HostFacts} (what the host is), {@link org.vdpacompute.virt.DeviceDiscovery}
 * (which PCI devices it has), {@link org.vdpacompute.virt.GuestLifecycle} (guests and their power
 * state), {@link org.vdpacompute.virt.InterfaceHotplug} and {@link
 * org.vdpacompute.virt.GuestMigration}. A driver (libvirt, emulated) implements all of them; the
 * agent depends only on the ones each of its parts needs, so a fake for one job stays small.
 *
 * <p>Guests are named by their instance UUID, which is also the libvirt domain UUID. Operations
 * that cannot be carried out throw a {@link org.vdpacompute.virt.HypervisorOperationException}
 * naming the host, the guest and the operation; nothing fails silently.
 */
package org.vdpacompute.virt;

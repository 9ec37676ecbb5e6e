/**
 * The emulated hypervisor: one host whose PCI devices come from a topology file and whose guests
 * are domain XML and a run state on disk, with no hardware and no QEMU. It is the host, not the
 * agent: like libvirtd it keeps its guests under {@code STATE_PATH/emulated/}, so they outlive an
 * agent that is killed and started again, and it refuses what a real host would refuse (a device
 * that does not exist or is in use by another guest, vDPA on a host too old for it), so the
 * tracker's mistakes show up here rather than in production.
 */
package org.vdpacompute.virt.emulated;

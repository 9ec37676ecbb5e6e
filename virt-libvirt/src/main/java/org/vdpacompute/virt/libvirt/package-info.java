/**
 * The libvirt driver: {@link org.vdpacompute.virt.libvirt.LibvirtDriver} implements the virt
 * interfaces over one libvirt connection through libvirt's Java bindings (JNA, {@code
 * libvirt.so.0}). {@link org.vdpacompute.virt.libvirt.NodeDeviceParser} turns libvirt's node device
 * XML into the host's PCI device report without a connection. Everything else is package-private:
 * one class per job (host facts, device discovery, guests, hot-plug, migration) over a shared
 * {@code DomainAccess} that maps libvirt's errors to the virt module's exceptions.
 */
package org.vdpacompute.virt.libvirt;

/**
 * The {@code [pci] device_spec} and {@code [pci] alias} options: parsing, validation and matching,
 * with Nova's semantics.
 *
 * <p>Both are parsed whole when configuration loads and refuse the first malformed value with a
 * message naming the entry, key and value, so that a bad line stops the program before anything
 * runs. Parsed forms are immutable.
 *
 * <p>A device spec selects devices by vendor, product and either an address pattern (glob or
 * regular expressions) or an interface name, and gives them tags. Nova decides some things by
 * looking at the host's sysfs while parsing (is this address a PF? which function has this
 * interface?); here parsing has no I/O, so those questions are answered when a device is matched,
 * from what its {@link org.vdpacompute.core.pci.DeviceIdentity} says about its parent.
 *
 * <p>An alias names the devices a flavor may ask for. It can never select vDPA devices: those are
 * consumed only through ports with {@code vnic_type=vdpa}.
 */
package org.vdpacompute.core.pci.spec;

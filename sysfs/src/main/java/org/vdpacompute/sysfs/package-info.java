/**
 * The host as its kernel shows it in sysfs. {@link org.vdpacompute.sysfs.SysfsReader} is the only
 * class that does I/O; {@link org.vdpacompute.sysfs.Sysfs} answers questions (switchdev mode, a
 * VF's representor) on what it read. The root is configurable so that recorded trees stand in for
 * a host in tests and in {@code host-check --sysfs}.
 */
package org.vdpacompute.sysfs;

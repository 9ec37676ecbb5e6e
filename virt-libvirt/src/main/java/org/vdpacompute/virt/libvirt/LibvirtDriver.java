package org.vdpacompute.virt.libvirt;

import java.time.Duration;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.virt.Driver;
import org.vdpacompute.virt.HostFacts;

/**
 * The driver for a host whose guests run under libvirt ({@code [libvirt] uri}). It holds one
 * connection, opened by {@link #open}, and gives its {@link #driver()}: the small classes that each
 * do one job of the virt interfaces over that connection. Close it to close the connection.
 *
 * <pre>{@code
 * try (LibvirtDriver libvirt = LibvirtDriver.open("qemu:///system")) {
 *   List<DeviceReport> devices = libvirt.driver().devices().discover();
 * }
 * }</pre>
 *
 * <p>The kernel version that takes part in the vDPA gate is read from this machine, so the URI must
 * be local ({@code qemu:///system}); with a remote URI the host facts fail and say so.
 */
public final class LibvirtDriver implements AutoCloseable {

  /** How long a stop waits for a guest to shut down cleanly before powering it off. */
  public static final Duration DEFAULT_CLEAN_SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);
  /** How long a detach waits for libvirt's device-removed event: Nova's {@code device_detach_timeout}. */
  public static final Duration DEFAULT_DETACH_TIMEOUT = Duration.ofSeconds(20);

  private final LibvirtConnection conn;
  private final Driver driver;

  LibvirtDriver(LibvirtConnection conn, Duration cleanShutdownTimeout, DomainCalls calls, Duration detachTimeout) {
    this.conn = conn;
    DomainAccess access = new DomainAccess(conn);
    HostFacts facts = new LibvirtHostFacts(conn, LibvirtHostFacts.kernelOf(conn.hostname(), conn.uri()));
    this.driver = new Driver(facts, new LibvirtDeviceDiscovery(conn, facts), new LibvirtGuests(access, cleanShutdownTimeout),
        new LibvirtHotplug(access, calls, detachTimeout), new LibvirtMigration(access, calls));
  }

  /** Connects to libvirt at {@code uri}; fails with {@link LibvirtConnectionException}. */
  public static LibvirtDriver open(String uri) {
    return open(uri, DEFAULT_CLEAN_SHUTDOWN_TIMEOUT);
  }

  public static LibvirtDriver open(String uri, Duration cleanShutdownTimeout) {
    if (cleanShutdownTimeout == null || cleanShutdownTimeout.isNegative()) {
      throw new InvalidValueException("clean shutdown timeout " + cleanShutdownTimeout + " is not a duration >= 0");
    }
    return new LibvirtDriver(LibvirtConnection.open(uri), cleanShutdownTimeout, DomainCalls.LIBVIRT,
        DEFAULT_DETACH_TIMEOUT);
  }

  /**
   * Tells {@code listener} of every power state change of this host's guests, from libvirt's
   * lifecycle events, until {@link #removePowerStateListener}.
   */
  public void addPowerStateListener(PowerStateListener listener) {
    conn.powerStates().add(listener);
  }

  public void removePowerStateListener(PowerStateListener listener) {
    conn.powerStates().remove(listener);
  }

  /** The URI this driver is connected to. */
  public String uri() {
    return conn.uri();
  }

  /** The host's parts over this connection. */
  public Driver driver() {
    return driver;
  }

  @Override
  public void close() {
    conn.close();
  }
}

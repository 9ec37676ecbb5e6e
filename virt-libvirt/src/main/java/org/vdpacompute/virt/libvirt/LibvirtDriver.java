package org.vdpacompute.virt.libvirt;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.DeviceReport;
import org.vdpacompute.virt.DeviceDiscovery;
import org.vdpacompute.virt.GuestInfo;
import org.vdpacompute.virt.GuestLifecycle;
import org.vdpacompute.virt.GuestMigration;
import org.vdpacompute.virt.HostFacts;
import org.vdpacompute.virt.HypervisorInfo;
import org.vdpacompute.virt.InterfaceHotplug;
import org.vdpacompute.virt.MigrationTarget;
import org.vdpacompute.virt.NumaCell;

/**
 * The driver for a host whose guests run under libvirt ({@code [libvirt] uri}). It holds one
 * connection, opened by {@link #open}, and implements every virt interface by handing each call to
 * the small class that does that job. Close it to close the connection.
 *
 * <pre>{@code
 * try (LibvirtDriver driver = LibvirtDriver.open("qemu:///system")) {
 *   List<DeviceReport> devices = driver.discover();
 * }
 * }</pre>
 *
 * <p>The kernel version that takes part in the vDPA gate is read from this machine, so the URI must
 * be local ({@code qemu:///system}); with a remote URI the host facts fail and say so.
 */
public final class LibvirtDriver
    implements HostFacts, DeviceDiscovery, GuestLifecycle, InterfaceHotplug, GuestMigration, AutoCloseable {

  /** How long {@link #stop} waits for a guest to shut down cleanly before powering it off. */
  public static final Duration DEFAULT_CLEAN_SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

  private final LibvirtConnection conn;
  private final HostFacts facts;
  private final DeviceDiscovery devices;
  private final GuestLifecycle guests;
  private final InterfaceHotplug hotplug;
  private final GuestMigration migration;

  /** How long a detach waits for libvirt's device-removed event: Nova's {@code device_detach_timeout}. */
  public static final Duration DEFAULT_DETACH_TIMEOUT = Duration.ofSeconds(20);

  LibvirtDriver(LibvirtConnection conn, Duration cleanShutdownTimeout, DomainCalls calls, Duration detachTimeout) {
    this.conn = conn;
    DomainAccess access = new DomainAccess(conn);
    this.facts = new LibvirtHostFacts(conn, LibvirtHostFacts.kernelOf(conn.hostname(), conn.uri()));
    this.devices = new LibvirtDeviceDiscovery(conn, facts);
    this.guests = new LibvirtGuests(access, cleanShutdownTimeout);
    this.hotplug = new LibvirtHotplug(access, calls, detachTimeout);
    this.migration = new LibvirtMigration(access, calls);
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

  @Override
  public String hostname() {
    return facts.hostname();
  }

  @Override
  public HypervisorInfo hypervisor() {
    return facts.hypervisor();
  }

  @Override
  public List<NumaCell> numaCells() {
    return facts.numaCells();
  }

  @Override
  public List<DeviceReport> discover() {
    return devices.discover();
  }

  @Override
  public void defineAndStart(UUID instance, String domainXml) {
    guests.defineAndStart(instance, domainXml);
  }

  @Override
  public void stop(UUID instance) {
    guests.stop(instance);
  }

  @Override
  public void start(UUID instance) {
    guests.start(instance);
  }

  @Override
  public void reboot(UUID instance) {
    guests.reboot(instance);
  }

  @Override
  public void suspend(UUID instance) {
    guests.suspend(instance);
  }

  @Override
  public void resume(UUID instance) {
    guests.resume(instance);
  }

  @Override
  public void save(UUID instance) {
    guests.save(instance);
  }

  @Override
  public void destroy(UUID instance) {
    guests.destroy(instance);
  }

  @Override
  public List<GuestInfo> listGuests() {
    return guests.listGuests();
  }

  @Override
  public GuestInfo guest(UUID instance) {
    return guests.guest(instance);
  }

  @Override
  public String domainXml(UUID instance) {
    return guests.domainXml(instance);
  }

  @Override
  public void attachDevice(UUID instance, String deviceXml) {
    hotplug.attachDevice(instance, deviceXml);
  }

  @Override
  public void detachDevice(UUID instance, String deviceXml) {
    hotplug.detachDevice(instance, deviceXml);
  }

  @Override
  public void liveMigrate(UUID instance, MigrationTarget target) {
    migration.liveMigrate(instance, target);
  }

  @Override
  public void close() {
    conn.close();
  }
}

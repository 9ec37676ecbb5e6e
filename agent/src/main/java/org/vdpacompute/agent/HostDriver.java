package org.vdpacompute.agent;

import java.util.UUID;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.virt.GuestLifecycle;
import org.vdpacompute.virt.GuestMigration;
import org.vdpacompute.virt.HostFacts;
import org.vdpacompute.virt.InterfaceHotplug;
import org.vdpacompute.virt.MigrationTarget;
import org.vdpacompute.virt.emulated.EmulatedHypervisor;

/**
 * What the agent's listener drives on its host, and how a live guest leaves it. A real hypervisor's
 * migration moves the guest itself (libvirt's source connects to the destination's libvirt); an
 * emulated host hands it to the destination's agent over HTTP, which works whether the two agents
 * share a process (the all-in-one) or not. Only an emulated host takes guests from another agent
 * and arms failures for tests.
 */
public final class HostDriver {
  private final String hostname;
  private final GuestLifecycle guests;
  private final InterfaceHotplug hotplug;
  private final LiveMove liveMove;
  private final EmulatedHypervisor emulated;

  private HostDriver(String hostname, GuestLifecycle guests, InterfaceHotplug hotplug, LiveMove liveMove,
      EmulatedHypervisor emulated) {
    this.hostname = hostname;
    this.guests = guests;
    this.hotplug = hotplug;
    this.liveMove = liveMove;
    this.emulated = emulated;
  }

  /**
   * A host whose hypervisor migrates guests itself, to the destination host by name (libvirt derives
   * {@code qemu+tcp://HOST/system} from it), with the domain XML the destination's agent rendered.
   */
  public static <D extends HostFacts & GuestLifecycle & InterfaceHotplug & GuestMigration> HostDriver hypervisor(D driver) {
    return new HostDriver(driver.hostname(), driver, driver,
        (instance, destHost, domainXml, destination) ->
            driver.liveMigrate(instance, new MigrationTarget(destHost, null, domainXml)),
        null);
  }

  /** An emulated host, which hands a live guest to the destination's agent. */
  public static HostDriver emulated(EmulatedHypervisor host) {
    return new HostDriver(host.hostname(), host, host,
        (instance, destHost, domainXml, destination) -> host.liveMigrate(instance, domainXml, destination::handOver),
        host);
  }

  String hostname() {
    return hostname;
  }

  GuestLifecycle guests() {
    return guests;
  }

  InterfaceHotplug hotplug() {
    return hotplug;
  }

  LiveMove liveMove() {
    return liveMove;
  }

  /** The emulated host, for what only it can do; on any other host {@code what} is refused (409). */
  EmulatedHypervisor requireEmulated(String what) {
    if (emulated == null) {
      throw new ConflictException("host " + hostname + " is not emulated: only an emulated host can " + what);
    }
    return emulated;
  }

  /** Moves a live guest whose passthrough nics are unplugged to another host. */
  @FunctionalInterface
  interface LiveMove {
    /**
     * @param domainXml the guest's domain on the destination, as the destination's agent rendered it
     * @param destination the destination's agent
     */
    void move(UUID instance, String destHost, String domainXml, PeerAgent destination);
  }
}

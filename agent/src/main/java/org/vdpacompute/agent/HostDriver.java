package org.vdpacompute.agent;

import java.util.UUID;
import org.vdpacompute.virt.Driver;
import org.vdpacompute.virt.MigrationTarget;
import org.vdpacompute.virt.emulated.EmulatedHypervisor;

/**
 * What the agent drives on its host: the driver's parts, how a live guest leaves the host, and the
 * routes only some hosts serve. A real hypervisor's migration moves the guest itself (libvirt's
 * source connects to the destination's libvirt); an emulated host hands it to the destination's
 * agent over HTTP, which works whether the two agents share a process (the all-in-one) or not.
 * Only an emulated host takes guests from another agent and arms failures for tests, so those
 * routes exist on its agent alone.
 */
public record HostDriver(Driver parts, LiveMove liveMove, HostRoutes routes) {

  /**
   * A host whose hypervisor migrates guests itself, to the destination host by name (libvirt derives
   * {@code qemu+tcp://HOST/system} from it), with the domain XML the destination's agent rendered.
   */
  public static HostDriver hypervisor(Driver driver) {
    return new HostDriver(driver,
        (instance, destHost, domainXml, destination) ->
            driver.migration().liveMigrate(instance, new MigrationTarget(destHost, null, domainXml)),
        HostRoutes.NONE);
  }

  /** An emulated host, which hands a live guest to the destination's agent, and serves the routes of its tests. */
  public static HostDriver emulated(EmulatedHypervisor host) {
    return new HostDriver(host.driver(),
        (instance, destHost, domainXml, destination) -> host.liveMigrate(instance, domainXml, destination::handOver),
        new EmulatedRoutes(host));
  }

  String hostname() {
    return parts.facts().hostname();
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

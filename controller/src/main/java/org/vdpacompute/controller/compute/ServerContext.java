package org.vdpacompute.controller.compute;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.vdpacompute.controller.compute.ServerPciRequests.PortOnNetwork;
import org.vdpacompute.controller.network.NetworkService;

/**
 * What every operation on servers works with: where instances are recorded, the hosts and their
 * devices, the scheduler, the ports, the agents, and the time.
 */
public record ServerContext(
    InstanceStore instances,
    FlavorService flavors,
    NetworkService networks,
    ComputeServices services,
    HostInventory inventory,
    HostStates states,
    ClaimingScheduler scheduler,
    AgentClient agents,
    Clock clock) {

  /** Now, to the microsecond the databases keep, so that what is written equals what is read back. */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  public PortBinder ports() {
    return new PortBinder(networks);
  }

  /** The instance's ports with their networks, in its guest's order. */
  public List<PortOnNetwork> portsOf(Instance instance) {
    return new InstancePorts(networks).of(instance);
  }

  /** Where a host's agent listens. */
  public String agentUrl(String host) {
    return services.service(host).agentUrl();
  }
}

package org.vdpacompute.controller.workflows;

import org.vdpacompute.controller.agents.AgentClient;
import org.vdpacompute.controller.model.FlavorService;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.MigrationStore;
import org.vdpacompute.controller.model.UnitOfWork;
import org.vdpacompute.controller.placement.ClaimingScheduler;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.HostStates;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.vdpacompute.controller.workflows.ServerPciRequests.PortOnNetwork;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.core.host.GuestBlueprint;
import org.vdpacompute.core.pci.PciDevice;

/**
 * What every operation on servers works with: where instances are recorded, the hosts and their
 * devices, the scheduler, the ports, the agents, writes that commit together, and the time.
 */
public record ServerContext(
    InstanceStore instances,
    MigrationStore migrations,
    InstanceActions actions,
    FlavorService flavors,
    NetworkService networks,
    ComputeServices services,
    HostInventory inventory,
    HostStates states,
    ClaimingScheduler scheduler,
    AgentClient agents,
    UnitOfWork units,
    Settings settings,
    Clock clock) {

  /**
   * The operator's choices for moves and shelving ({@code [compute]}).
   *
   * @param shelvedOffloadTime seconds a shelved server keeps its host: 0 none, -1 for ever
   */
  public record Settings(boolean allowResizeToSameHost, int shelvedOffloadTime) {}

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

  /** The blueprint of an instance on a host, with the devices it holds there under a claim (any claim when null). */
  public GuestBlueprint blueprint(Instance instance, String host, String claimId) {
    List<PciDevice> devices = inventory.heldBy(host, instance.uuid()).stream()
        .filter(d -> claimId == null || claimId.equals(d.claimId())).toList();
    return GuestBlueprints.of(instance, instance.guestCells(), portsOf(instance), devices);
  }

  /** Where a host's agent listens, from the services kept in memory; read from the database if not yet known there. */
  public String agentUrl(String host) {
    return services.known(host).orElseGet(() -> services.service(host)).agentUrl();
  }
}

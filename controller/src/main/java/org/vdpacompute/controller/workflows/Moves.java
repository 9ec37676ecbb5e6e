package org.vdpacompute.controller.workflows;

import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.Migration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.placement.ClaimingScheduler.Claimed;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.scheduler.ScheduleRequest;

/**
 * The steps every move of a server shares: the scheduler run again with the server's PCI requests
 * (from its ports and the flavor it moves with) and the claim on the destination named after the
 * move; the ports bound to whichever side's devices the server uses; and the undoing of a
 * destination that did not work out.
 */
final class Moves {
  private static final Logger LOG = LoggerFactory.getLogger(Moves.class);

  private final ServerContext c;

  Moves(ServerContext context) {
    this.c = context;
  }

  /**
   * Chooses and claims a destination for a move before anything moves.
   *
   * @throws org.vdpacompute.scheduler.NoValidHostException when no host can take the server
   */
  Claimed claimDestination(Instance i, Migration m, Flavor flavor, Set<String> ignoreHosts, Set<String> onlyHosts) {
    List<PciRequest> pci = ServerPciRequests.of(flavor, c.portsOf(i), c.flavors().aliases());
    ScheduleRequest request = new ScheduleRequest(i.uuid(), flavor.vcpus(), flavor.ramMb(), flavor.diskGb(),
        ServerBuilder.numaNodes(flavor), pci, ignoreHosts, onlyHosts);
    return c.scheduler().place(request, m.uuid(), m.uuid(), flavor);
  }

  /** The hosts a move may not land on: the source, unless the operator lets resizes stay. */
  Set<String> ignoredFor(Instance i, boolean mayStay) {
    return mayStay && c.settings().allowResizeToSameHost() ? Set.of() : Set.of(i.host());
  }

  /** Binds the server's ports to a host's devices: the destination's, or the source's again. */
  void bindPorts(Instance i, String host, List<PciDevice> devices) {
    c.ports().bind(i, host, devices);
  }

  /** The devices the server holds on its source, whatever the move's claim took there too. */
  List<PciDevice> sourceDevices(Instance i, String source, Migration m) {
    return c.inventory().heldBy(source, i.uuid()).stream().filter(d -> !m.uuid().equals(d.claimId())).toList();
  }

  /** The devices the move claimed on its destination. */
  List<PciDevice> destinationDevices(Instance i, Migration m) {
    return c.inventory().heldBy(m.destHost(), i.uuid()).stream().filter(d -> m.uuid().equals(d.claimId())).toList();
  }

  /** Takes a destination back: its guest (unless it is the source too), its claim, its count. */
  void undoDestination(Instance i, Migration m, boolean guestMayExist) {
    if (m.destHost() == null) return;
    if (guestMayExist && !m.isSameHost()) {
      try {
        c.agents().destroy(c.agentUrl(m.destHost()), UUID.fromString(i.uuid()));
      } catch (RuntimeException e) {
        LOG.warn("could not destroy what is left of instance {} on {}: {}", i.uuid(), m.destHost(), e.getMessage());
      }
    }
    c.inventory().freeClaim(m.destHost(), m.uuid());
    c.states().uncount(m.uuid());
  }

  /** Records a migration's new status; a lost race is logged, since the instance's record is the one that counts. */
  Migration advance(Migration m, Migration next) {
    if (!c.migrations().update(next)) LOG.warn("migration {} changed under this one", m.uuid());
    return next;
  }

  /** Whether the guest on a host is shut off, as its agent says. */
  boolean isShutOff(String host, String instanceUuid) {
    return c.agents().guests(c.agentUrl(host)).stream()
        .anyMatch(g -> g.uuid().equals(instanceUuid) && g.state().equalsIgnoreCase("shutoff"));
  }
}

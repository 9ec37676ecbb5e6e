package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.FlavorService;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.Migration;
import org.vdpacompute.controller.model.MigrationStore;
import org.vdpacompute.controller.placement.ClaimingScheduler;
import org.vdpacompute.controller.placement.ClaimingScheduler.Claimed;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.HostStates;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.request.PciRequest;

/**
 * The steps every move of a server shares: the scheduler run again with the server's PCI requests
 * (from its ports and the flavor it moves with) and the claim on the destination named after the
 * move; the ports bound to whichever side's devices the server uses; and the undoing of a
 * destination that did not work out.
 */
final class Moves {
  private static final Logger LOG = LoggerFactory.getLogger(Moves.class);

  private final ClaimingScheduler scheduler;
  private final HostInventory inventory;
  private final HostStates states;
  private final MigrationStore migrations;
  private final Agents agents;
  private final PortBinder ports;
  private final InstancePorts instancePorts;
  private final FlavorService flavors;
  private final ComputeSettings settings;
  private final Clock clock;

  Moves(ClaimingScheduler scheduler, HostInventory inventory, HostStates states, MigrationStore migrations, Agents agents,
      PortBinder ports, InstancePorts instancePorts, FlavorService flavors, ComputeSettings settings, Clock clock) {
    this.scheduler = scheduler;
    this.inventory = inventory;
    this.states = states;
    this.migrations = migrations;
    this.agents = agents;
    this.ports = ports;
    this.instancePorts = instancePorts;
    this.flavors = flavors;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Chooses and claims a destination for a move before anything moves.
   *
   * @throws org.vdpacompute.scheduler.NoValidHostException when no host can take the server
   */
  Claimed claimDestination(Instance i, Migration m, Flavor flavor, Set<String> ignoreHosts, Set<String> onlyHosts) {
    List<PciRequest> pci = ServerPciRequests.of(flavor, instancePorts.of(i), flavors.aliases());
    return scheduler.place(ServerPciRequests.scheduling(i.uuid(), flavor, pci, ignoreHosts, onlyHosts), m.uuid(), m.uuid(),
        flavor);
  }

  /**
   * The first step of every move: a destination chosen and claimed, under the move's name, before
   * anything moves; undone by giving the claim back.
   *
   * @param flavor the size the server moves with
   * @param ignored the hosts it may not land on
   */
  <C extends MoveState> Step<C> claimDestination(String event, Function<C, Flavor> flavor,
      Function<C, Set<String>> ignored) {
    return Step.<C>of("claim a destination", m -> m.claimed = claimDestination(m.instance, m.migration,
            flavor.apply(m), ignored.apply(m), m.onlyHosts))
        .event(event, m -> m.claimed == null ? null : m.claimed.host())
        .undo(m -> freeDestination(m.claimed.host(), m.migration));
  }

  /** The step that records the claimed destination in the move's migration, which goes on in {@code status}. */
  <C extends MoveState> Step<C> recordDestination(Migration.Status status) {
    return Step.recording("record the destination", m -> m.migration = advance(m.migration,
        m.migration.to(m.claimed.host(), m.claimed.guestCells(), status, clock.instant())));
  }

  /** The hosts a move may not land on: the source, unless the operator lets resizes stay. */
  Set<String> ignoredFor(Instance i, boolean mayStay) {
    return mayStay && settings.allowResizeToSameHost() ? Set.of() : Set.of(i.host());
  }

  /** Binds the server's ports to a host's devices: the destination's, or the source's again. */
  void bindPorts(Instance i, String host, List<PciDevice> devices) {
    ports.bind(i, host, devices);
  }

  /** The devices the server holds on its source, whatever the move's claim took there too. */
  List<PciDevice> sourceDevices(Instance i, String source, Migration m) {
    return inventory.heldBy(source, i.uuid()).stream().filter(d -> !m.uuid().equals(d.claimId())).toList();
  }

  /** Destroys what a move left of the server's guest on its destination, unless that is the source too. */
  void destroyOnDestination(Instance i, Migration m) {
    if (m.destHost() == null || m.isSameHost()) return;
    try {
      agents.on(m.destHost()).destroy(i.id());
    } catch (RuntimeException e) {
      LOG.warn("could not destroy what is left of instance {} on {}", i.uuid(), m.destHost(), e);
    }
  }

  /**
   * The server runs on the move's destination with the devices the move claimed there: they are
   * allocated, and anything else it still held there (a stale claim of a guest evacuated from that
   * host earlier, which came back without restarting) is freed, so that it never holds two. On a
   * same-host resize the source's devices are the server's too, until the move is confirmed or reverted.
   */
  void allocateDestination(Instance i, Migration m) {
    if (!m.isSameHost()) {
      List<PciDevice> stale = inventory.freeExcept(m.destHost(), i.uuid(), m.uuid());
      if (!stale.isEmpty()) {
        LOG.info("instance {} held {} on {} from before its {}: freed", i.uuid(),
            stale.stream().map(d -> d.address().toString()).toList(), m.destHost(), m.type().apiName());
      }
    }
    inventory.allocate(m.destHost(), i.uuid());
  }

  /** Gives a move's claim on its destination back: its devices, and what the move counted there. */
  void freeDestination(String destination, Migration m) {
    inventory.freeClaim(destination, m.uuid());
    states.uncount(m.uuid());
  }

  /** Records a migration's new status; a lost race is logged, since the instance's record is the one that counts. */
  Migration advance(Migration m, Migration.Status status) {
    return advance(m, m.with(status, clock.instant()));
  }

  /** {@link #advance(Migration, Migration.Status)} to a destination. */
  Migration advance(Migration m, Migration next) {
    if (!migrations.update(next)) LOG.warn("migration {} changed under this one", m.uuid());
    return next;
  }
}

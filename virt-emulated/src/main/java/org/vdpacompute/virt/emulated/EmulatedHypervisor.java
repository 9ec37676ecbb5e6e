package org.vdpacompute.virt.emulated;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.virt.Driver;
import org.vdpacompute.virt.GuestOperation;
import org.vdpacompute.virt.HostFacts;
import org.vdpacompute.virt.HypervisorInfo;
import org.vdpacompute.virt.HypervisorOperationException;
import org.vdpacompute.virt.MigrationTarget;
import org.vdpacompute.virt.NumaCell;
import org.vdpacompute.virt.VdpaSupport;

/**
 * One emulated host: its facts and devices come from a {@link Topology}, its guests live under
 * {@code STATE_PATH/emulated/} (see {@link GuestStore}), so a new object on the same state path is
 * the same host with the same guests. Its {@link #driver()} is what drives it, like any host's;
 * what only an emulated host does is here: tests arm one-shot failures with {@link #failNext}, and
 * a live guest is handed over to another host's agent.
 *
 * <p>Live migration between hosts of one process is its driver's migration (by host name, through
 * {@link EmulatedHosts}) or {@link #liveMigrate(UUID, EmulatedHypervisor, String)}; across processes
 * the agents carry a {@link MigratingGuest}: the source's {@link #exportForMigration}, the
 * destination's {@link #acceptIncoming}, then the source's {@link #completeOutgoing} (or {@link
 * #abortOutgoing} when the destination refused), which {@link #liveMigrate(UUID, String, Consumer)}
 * does around a hand-over of the caller's.
 */
public final class EmulatedHypervisor implements HostFacts {
  private final String hostname;
  private final Topology topology;
  private final VdpaSupport vdpaSupport;
  private final GuestStore store;
  private final FaultInjector faults = new FaultInjector();
  private final EmulatedGuests guests;
  private final EmulatedHosts peers;
  private final Driver driver;

  /**
   * @param statePath the host's state path; guests are kept under its {@code emulated/} directory
   * @param peers the other hosts of this process, for its driver's migration by host name
   */
  public EmulatedHypervisor(String hostname, Topology topology, Path statePath, EmulatedHosts peers) {
    if (hostname == null || hostname.isBlank()) {
      throw new InvalidValueException("an emulated host needs a name");
    }
    this.hostname = hostname;
    this.topology = topology;
    this.vdpaSupport = VdpaSupport.decide(topology.hypervisor());
    this.store = new GuestStore(statePath);
    this.guests = new EmulatedGuests(hostname, store, new HostResources(topology, vdpaSupport), faults);
    this.peers = peers;
    this.driver = new Driver(this, new TopologyDiscovery(topology, vdpaSupport), guests, guests, this::liveMigrate);
  }

  /** A host with no peers to migrate to by name. */
  public EmulatedHypervisor(String hostname, Topology topology, Path statePath) {
    this(hostname, topology, statePath, new EmulatedHosts());
  }

  /** What drives this host: its facts, its devices, its guests, their hot-plug and live migration. */
  public Driver driver() {
    return driver;
  }

  public Topology topology() {
    return topology;
  }

  /** Where the guest's current domain XML is, while it is defined here. */
  public Path domainFile(UUID instance) {
    return store.domainFile(instance);
  }

  /** Makes the next call of {@code operation} that would otherwise succeed fail with {@code reason}. */
  public void failNext(GuestOperation operation, String reason) {
    faults.failNext(operation, reason);
  }

  @Override
  public String hostname() {
    return hostname;
  }

  @Override
  public HypervisorInfo hypervisor() {
    return topology.hypervisor();
  }

  @Override
  public List<NumaCell> numaCells() {
    return topology.numaNodes();
  }

  @Override
  public VdpaSupport vdpaSupport() {
    return vdpaSupport;
  }

  /** Migrates to the host of this process named by {@code target}: the driver's migration. */
  private void liveMigrate(UUID instance, MigrationTarget target) {
    EmulatedHypervisor destination = peers.find(target.host()).orElseThrow(() ->
        new HypervisorOperationException(hostname, instance, GuestOperation.LIVE_MIGRATE,
            "no emulated host named " + target.host() + " is known to this process"));
    liveMigrate(instance, destination, target.domainXml());
  }

  /**
   * Hands the live guest to {@code destination}; on return it runs there and is gone from here. If
   * the destination refuses it, it keeps running here and the refusal is thrown.
   *
   * @param destinationXml the guest's domain XML on the destination; null to keep this host's
   */
  public void liveMigrate(UUID instance, EmulatedHypervisor destination, String destinationXml) {
    liveMigrate(instance, destinationXml, destination::acceptIncoming);
  }

  /**
   * Hands the live guest to a destination that may be in another process, such as another host's
   * agent: {@code handOver} defines it there ({@link #acceptIncoming}) or throws. On return the
   * guest runs there and is gone from here; if {@code handOver} throws, the guest carries on here
   * and the failure is thrown.
   *
   * @param destinationXml the guest's domain XML on the destination; null to keep this host's
   */
  public void liveMigrate(UUID instance, String destinationXml, Consumer<MigratingGuest> handOver) {
    MigratingGuest guest = exportForMigration(instance);
    try {
      handOver.accept(destinationXml == null ? guest : guest.withDomainXml(destinationXml));
    } catch (RuntimeException e) {
      abortOutgoing(instance);
      throw e;
    }
    completeOutgoing(instance);
  }

  /** The source's first step: the guest as it is to arrive. It stays here until completed. */
  public MigratingGuest exportForMigration(UUID instance) {
    return guests.exportForMigration(instance);
  }

  /**
   * The destination's step: defines the arriving guest, running or paused as it was. A failure
   * armed for {@link GuestOperation#LIVE_MIGRATE} on this host refuses it.
   */
  public void acceptIncoming(MigratingGuest guest) {
    guests.acceptIncoming(guest);
  }

  /** The source's last step once the destination accepted: the guest is undefined here. */
  public void completeOutgoing(UUID instance) {
    guests.completeOutgoing(instance);
  }

  /** The source's last step when the destination refused: the guest carries on here. */
  public void abortOutgoing(UUID instance) {
    guests.abortOutgoing(instance);
  }
}

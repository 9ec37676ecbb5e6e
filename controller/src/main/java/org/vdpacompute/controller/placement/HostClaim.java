package org.vdpacompute.controller.placement;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.tracker.PciClaimFailedException;
import org.vdpacompute.scheduler.Placement;

/**
 * The best host for a request, held for it: its lock is taken, and what the request takes there
 * (its devices, its share of the host) is the caller's to record. The caller claims the devices
 * with {@link #claimDevices} inside its own unit of work, together with whatever it records of the
 * claim (the server on the host, its ports bound), then {@link #commit}s; closing an uncommitted
 * claim takes nothing. So a claim and what goes with it are one commit, and the caller never hands
 * its writes to the scheduler.
 */
public final class HostClaim implements AutoCloseable {
  private final Placement placement;
  private final String instanceUuid;
  private final String claimId;
  private final HostInventory inventory;
  private final HostStates states;
  private final ReentrantLock lock;
  private final Runnable placed;
  private boolean closed;

  HostClaim(Placement placement, String instanceUuid, String claimId, HostInventory inventory, HostStates states,
      ReentrantLock lock, Runnable placed) {
    this.placement = placement;
    this.instanceUuid = instanceUuid;
    this.claimId = claimId;
    this.inventory = inventory;
    this.states = states;
    this.lock = lock;
    this.placed = placed;
  }

  public String host() {
    return placement.host();
  }

  /** The host NUMA node of each guest cell there. */
  public List<Integer> guestCells() {
    return placement.guestCells();
  }

  /**
   * Claims the planned devices under the claim's id, in the caller's unit of work (whose rollback
   * must {@link #forget} them).
   *
   * @throws LostRaceException when they are no longer free: the caller tries the next host
   */
  public List<PciDevice> claimDevices() {
    if (placement.pciPlan().assignments().isEmpty()) return List.of();
    try {
      return inventory.claim(host(), instanceUuid, claimId, placement.pciPlan());
    } catch (PciClaimFailedException | ConflictException e) {
      throw new LostRaceException(instanceUuid, host(), e);
    }
  }

  /** Puts the host's devices back as the database has them: for a unit of work that claimed and rolled back. */
  public void forget() {
    inventory.reload(host());
  }

  /** The claim is recorded: what the instance takes of the host ({@code flavor}) counts there now, under {@code usageKey}. */
  public void commit(String usageKey, Flavor flavor) {
    if (usageKey != null) states.count(usageKey, new Footprint(host(), flavor, guestCells()));
    placed.run();
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    lock.unlock();
  }
}

package org.vdpacompute.controller.compute;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.tracker.PciClaimFailedException;
import org.vdpacompute.scheduler.HostState;
import org.vdpacompute.scheduler.NoValidHostException;
import org.vdpacompute.scheduler.Placement;
import org.vdpacompute.scheduler.ScheduleRequest;
import org.vdpacompute.scheduler.Scheduler;

/**
 * Chooses a host for an instance and claims its devices there: the scheduler's choice made real.
 *
 * <p>Design. The scheduler ranks hosts from the in-memory states without locking anything. For the
 * best host, under that host's lock, the request is checked once more against the host's state of
 * this moment (another request of this controller may have just taken its memory or devices), the
 * devices are claimed (the database's generation check is the arbiter against other controllers)
 * in one commit with what the caller records of the claim, and the instance is counted on the host
 * before the lock is released. A host that no longer fits
 * or whose claim loses a race passes the turn to the next; when all are gone, the hosts are ranked
 * again, a bounded number of times.
 */
public final class ClaimingScheduler {
  /** Hosts tried, best first, from one ranking. */
  static final int MAX_HOSTS_TRIED = 5;
  /**
   * Hosts one ranking looks at, at most, when some of them fit: a cloud larger than this is looked
   * at a window at a time (see {@link HostStates#windows}), as Nova's scheduler weighs at most
   * placement's {@code max_placement_results} (1000) candidates, so that a request's cost does not
   * grow with the cloud.
   */
  static final int HOSTS_PER_WINDOW = 1000;
  /**
   * Rankings made before a request is refused: when every ranked host was taken meanwhile, the
   * states have changed, and ranking again either finds the hosts still free or says truly why
   * none fits.
   */
  static final int MAX_ROUNDS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(ClaimingScheduler.class);

  private final Scheduler scheduler = new Scheduler();
  private final HostStates states;
  private final HostInventory inventory;
  private final Map<String, Object> hostLocks = new ConcurrentHashMap<>();

  /** A host chosen and the devices claimed there, in the order of the plan. */
  public record Claimed(Placement placement, List<PciDevice> devices) {
    public String host() {
      return placement.host();
    }
  }

  /** What became of a scheduling request, for the metrics. */
  public enum Outcome { PLACED, NO_VALID_HOST, LOST_RACE }

  /**
   * Told of every scheduling request: how it ended, how long it took with its claims, and how much
   * of that was ranking the hosts.
   */
  @FunctionalInterface
  public interface Observer {
    void scheduled(Outcome outcome, long nanos, long rankingNanos);
  }

  /**
   * Writes that commit in one transaction with a claim: what the claim is for, such as the server
   * recorded on the host. They run under the host's lock and, as any unit of work, may run more than
   * once; each must be a compare-and-set on a version it read (see {@link UnitOfWork#runVersioned}).
   * If they throw, the claim is undone and the exception reaches the caller of {@code place}.
   */
  @FunctionalInterface
  public interface WithClaim {
    WithClaim NOTHING = claimed -> {};

    void record(Claimed claimed);
  }

  /** A claim that failed because another request took the devices first: the next host's turn. */
  private static final class LostRace extends RuntimeException {
    LostRace(RuntimeException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /**
   * Says why no host could take a request, once the scheduler has refused it: the refusal returned
   * names no host in its message and carries each host's reason in its details.
   */
  @FunctionalInterface
  public interface Explainer {
    NoValidHostException explain(ScheduleRequest request, NoValidHostException refusal);
  }

  private final Observer outcomes;
  private final UnitOfWork units;
  private final Explainer explainer;

  public ClaimingScheduler(HostStates states, HostInventory inventory, UnitOfWork units, Observer outcomes,
      Explainer explainer) {
    this.states = states;
    this.inventory = inventory;
    this.units = units;
    this.outcomes = outcomes;
    this.explainer = explainer;
  }

  /**
   * Places the instance and claims its devices under {@code claimId}; what it takes of the chosen
   * host (its {@code flavor}) counts there at once, under {@code usageKey}.
   *
   * @throws NoValidHostException when no host fits (explained), or every fitting host was taken meanwhile
   */
  public Claimed place(ScheduleRequest request, String claimId, String usageKey, Flavor flavor) {
    return place(request, claimId, usageKey, flavor, WithClaim.NOTHING);
  }

  /**
   * {@link #place(ScheduleRequest, String, String, Flavor)}, with more writes committed together
   * with the claim: one commit for all, and none of it if any of it fails.
   */
  public Claimed place(ScheduleRequest request, String claimId, String usageKey, Flavor flavor, WithClaim withClaim) {
    long started = System.nanoTime();
    long ranking = 0;
    int tried = 0;
    for (int round = 1; round <= MAX_ROUNDS; round++) {
      List<Placement> ranked;
      long rankingStarted = System.nanoTime();
      try {
        ranked = scheduler.schedule(request, states.windows(HOSTS_PER_WINDOW), MAX_HOSTS_TRIED);
      } catch (NoValidHostException e) {
        long now = System.nanoTime();
        outcomes.scheduled(Outcome.NO_VALID_HOST, now - started, ranking + now - rankingStarted);
        // Explained after the figures are taken: the reasons cost the refused request, not scheduling.
        throw explainer.explain(request, e);
      }
      ranking += System.nanoTime() - rankingStarted;
      for (Placement candidate : ranked) {
        tried++;
        Optional<Claimed> claimed = tryHost(request, claimId, candidate.host(), usageKey, flavor, withClaim);
        if (claimed.isPresent()) {
          outcomes.scheduled(Outcome.PLACED, System.nanoTime() - started, ranking);
          return claimed.get();
        }
      }
    }
    outcomes.scheduled(Outcome.LOST_RACE, System.nanoTime() - started, ranking);
    throw new NoValidHostException("No valid host was found. " + tried
        + " hosts that fitted were taken by concurrent requests before this one could claim them; try again.");
  }

  /**
   * Claims devices for more requests of an instance on the host it runs on (an interface attached):
   * nothing else of the host is taken.
   *
   * @throws NoValidHostException when the host has no such devices free, saying why
   */
  public Claimed claimOn(String host, ScheduleRequest request, String claimId) {
    Optional<HostState> state = states.current(host);
    if (state.isEmpty()) throw new NoValidHostException("compute host " + host + " is not known");
    // Raises the scheduler's own refusal, naming the filter, when the host cannot fit the request.
    scheduler.schedule(request, List.of(state.get()), 1);
    return tryHost(request, claimId, host, null, null, WithClaim.NOTHING).orElseThrow(() -> new NoValidHostException(
        "the devices of host " + host + " were taken by a concurrent request; try again"));
  }

  private Optional<Claimed> tryHost(ScheduleRequest request, String claimId, String host, String usageKey, Flavor flavor,
      WithClaim withClaim) {
    synchronized (hostLocks.computeIfAbsent(host, h -> new Object())) {
      Optional<HostState> now = states.current(host);
      if (now.isEmpty()) return Optional.empty();
      Placement placement;
      try {
        placement = scheduler.schedule(request, List.of(now.get()), 1).get(0);
      } catch (NoValidHostException e) {
        LOG.debug("host {} no longer fits instance {}: {}", host, request.instanceUuid(), e.getMessage());
        return Optional.empty();
      }
      Claimed claimed;
      try {
        // The tracker is changed before the commit; a rollback reads the host's devices back.
        claimed = units.runVersioned(() -> {
          Claimed c = new Claimed(placement, claim(request, claimId, host, placement));
          withClaim.record(c);
          return c;
        }, () -> inventory.reload(host));
      } catch (LostRace e) {
        LOG.info("claim for instance {} on host {} lost a race: {}", request.instanceUuid(), host, e.getMessage());
        return Optional.empty();
      }
      if (usageKey != null) states.count(usageKey, new Footprint(host, flavor, placement.guestCells()));
      return Optional.of(claimed);
    }
  }

  private List<PciDevice> claim(ScheduleRequest request, String claimId, String host, Placement placement) {
    if (placement.pciPlan().assignments().isEmpty()) return List.of();
    try {
      return inventory.claim(host, request.instanceUuid(), claimId, placement.pciPlan());
    } catch (PciClaimFailedException | ConflictException e) {
      throw new LostRace(e);
    }
  }
}

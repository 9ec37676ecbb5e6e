package org.vdpacompute.controller.placement;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.UnitOfWork;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.scheduler.HostState;
import org.vdpacompute.scheduler.NoValidHostException;
import org.vdpacompute.scheduler.Placement;
import org.vdpacompute.scheduler.ScheduleRequest;
import org.vdpacompute.scheduler.Scheduler;

/**
 * Chooses a host for an instance and holds it while the caller claims there: the scheduler's
 * choice made real.
 *
 * <p>Design. The scheduler ranks hosts from the in-memory states without locking anything, once.
 * The best host is then taken under its lock; if its state changed since the ranking (another
 * request of this controller just took its memory or devices), the request is checked against
 * that one host's state of this moment. The caller claims the devices (the database's generation
 * check is the arbiter against other controllers) in one commit with what it records of the claim,
 * and the instance is counted on the host before the lock is released ({@link HostClaim}). A host
 * that no longer fits, or whose claim loses a race, passes the turn to the next; when all are
 * gone, the hosts are ranked again, a bounded number of times.
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
  private final UnitOfWork units;
  private final Observer outcomes;
  private final Explainer explainer;
  private final Map<String, ReentrantLock> hostLocks = new ConcurrentHashMap<>();

  /** A host chosen and the devices claimed there, in the order of the plan. */
  public record Claimed(String host, List<Integer> guestCells, List<PciDevice> devices) {
    public Claimed {
      guestCells = List.copyOf(guestCells);
      devices = List.copyOf(devices);
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
   * Says why no host could take a request, once the scheduler has refused it: the refusal returned
   * names no host in its message and carries each host's reason in its details.
   */
  @FunctionalInterface
  public interface Explainer {
    NoValidHostException explain(ScheduleRequest request, NoValidHostException refusal);
  }

  public ClaimingScheduler(HostStates states, HostInventory inventory, UnitOfWork units, Observer outcomes,
      Explainer explainer) {
    this.states = states;
    this.inventory = inventory;
    this.units = units;
    this.outcomes = outcomes;
    this.explainer = explainer;
  }

  /**
   * The hosts for a request, best first, each held in turn: the caller claims on the one it is
   * given and commits, or closes it and asks for the next when its claim lost a race.
   *
   * @param claimId what the devices are claimed under: the instance's uuid, or a move's
   */
  public Placing placing(ScheduleRequest request, String claimId) {
    return new Placing(request, claimId);
  }

  /**
   * Places the instance and claims its devices under {@code claimId}, with nothing else recorded;
   * what it takes of the chosen host (its {@code flavor}) counts there at once, under {@code usageKey}.
   *
   * @throws NoValidHostException when no host fits (explained), or every fitting host was taken meanwhile
   */
  public Claimed place(ScheduleRequest request, String claimId, String usageKey, Flavor flavor) {
    Placing placing = placing(request, claimId);
    while (true) {
      try (HostClaim claim = placing.next()) {
        List<PciDevice> devices = units.runVersioned(claim::claimDevices, claim::forget);
        claim.commit(usageKey, flavor);
        return new Claimed(claim.host(), claim.guestCells(), devices);
      } catch (LostRaceException e) {
        LOG.info("{}; trying the next host", e.getMessage());
      }
    }
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
    Placement ranked = scheduler.schedule(request, List.of(state.get()), 1).get(0);
    try (HostClaim claim = hold(request, ranked, claimId, () -> { }).orElseThrow(() -> takenMeanwhile(host))) {
      List<PciDevice> devices = units.runVersioned(claim::claimDevices, claim::forget);
      return new Claimed(host, claim.guestCells(), devices);
    } catch (LostRaceException e) {
      throw takenMeanwhile(host);
    }
  }

  private static NoValidHostException takenMeanwhile(String host) {
    return new NoValidHostException("the devices of host " + host + " were taken by a concurrent request; try again");
  }

  /**
   * The ranked host held for the request, under its lock: as ranked while the host's state is
   * unchanged, else with the request checked against the host's state of this moment; empty, and
   * the lock given back, when the host no longer takes it.
   */
  private Optional<HostClaim> hold(ScheduleRequest request, Placement ranked, String claimId, Runnable placed) {
    ReentrantLock lock = lockOf(ranked.host());
    lock.lock();
    try {
      Optional<Placement> now = current(request, ranked);
      if (now.isPresent()) {
        return Optional.of(new HostClaim(now.get(), request.instanceUuid(), claimId, inventory, states, lock, placed));
      }
    } catch (RuntimeException e) {
      lock.unlock();
      throw e;
    }
    lock.unlock();
    return Optional.empty();
  }

  private Optional<Placement> current(ScheduleRequest request, Placement ranked) {
    Optional<HostState> now = states.current(ranked.host());
    if (now.isEmpty()) return Optional.empty();
    if (now.get() == ranked.chosenFrom()) return Optional.of(ranked);
    try {
      return Optional.of(scheduler.schedule(request, List.of(now.get()), 1).get(0));
    } catch (NoValidHostException e) {
      LOG.debug("host {} no longer fits instance {}: {}", ranked.host(), request.instanceUuid(), e.getMessage());
      return Optional.empty();
    }
  }

  private ReentrantLock lockOf(String host) {
    return hostLocks.computeIfAbsent(host, h -> new ReentrantLock());
  }

  /**
   * The hosts of one request, best first, ranked once and again only when every ranked host was
   * taken meanwhile. Reports the request's outcome to the metrics when it is placed or refused.
   */
  public final class Placing {
    private final ScheduleRequest request;
    private final String claimId;
    private final long started = System.nanoTime();
    private long ranking;
    private int rounds;
    private int tried;
    private Iterator<Placement> ranked = List.<Placement>of().iterator();

    private Placing(ScheduleRequest request, String claimId) {
      this.request = request;
      this.claimId = claimId;
    }

    /**
     * The next host that takes the request, locked; close it when done with it.
     *
     * @throws NoValidHostException when no host fits (explained), or every fitting host was taken meanwhile
     */
    public HostClaim next() {
      while (true) {
        while (ranked.hasNext()) {
          tried++;
          Optional<HostClaim> held = hold(request, ranked.next(), claimId,
              () -> outcomes.scheduled(Outcome.PLACED, System.nanoTime() - started, ranking));
          if (held.isPresent()) return held.get();
        }
        if (rounds == MAX_ROUNDS) {
          outcomes.scheduled(Outcome.LOST_RACE, System.nanoTime() - started, ranking);
          throw new NoValidHostException("No valid host was found. " + tried
              + " hosts that fitted were taken by concurrent requests before this one could claim them; try again.");
        }
        rank();
      }
    }

    private void rank() {
      rounds++;
      long rankingStarted = System.nanoTime();
      try {
        ranked = scheduler.schedule(request, states.windows(HOSTS_PER_WINDOW), MAX_HOSTS_TRIED).iterator();
      } catch (NoValidHostException e) {
        long now = System.nanoTime();
        outcomes.scheduled(Outcome.NO_VALID_HOST, now - started, ranking + now - rankingStarted);
        // Explained after the figures are taken: the reasons cost the refused request, not scheduling.
        throw explainer.explain(request, e);
      } finally {
        ranking += System.nanoTime() - rankingStarted;
      }
    }
  }
}

package org.vdpacompute.controller.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Units of work that arrive together, committed together. A commit is most of what a small unit
 * costs (on H2 it writes the changed pages of every table and index the unit touched), and a burst
 * of small units, such as hosts registering by the thousand, pays it once per unit. Here the first
 * unit commits alone; those that arrive while it commits wait, and go in the next commit together,
 * up to {@code maxUnits}, run by the first of them; and so on while units keep arriving. A unit
 * that fails makes its group roll back and run again unit by unit, so that each caller gets its own
 * unit's result or failure and no other's.
 *
 * <p>Each unit runs as a versioned unit ({@link UnitOfWork#runVersioned}): its writes must be
 * compare-and-sets on versions it read, which stay right when other units share the transaction.
 * A unit that keeps something in memory registers its own way back with a unit of its own, which
 * joins the group's transaction.
 */
public final class GroupCommit {
  private final UnitOfWork units;
  private final int maxUnits;
  /** Units not yet committed, in their order of arrival; the first is run by its own caller. */
  private final ArrayDeque<Pending<?>> waiting = new ArrayDeque<>();
  /** Whether a caller is running a group: then a new unit waits for it. */
  private boolean committing;

  /** One caller's unit and, once its group is done, its outcome. */
  private static final class Pending<T> {
    final Supplier<T> work;
    T result;
    RuntimeException failure;
    /** Whether its result or failure is final: its group committed, or it ran alone. */
    boolean settled;
    /** Whether its caller may take the outcome. */
    boolean done;
    /** Set when this unit's caller is to run the next group. */
    boolean leads;

    Pending(Supplier<T> work) {
      this.work = work;
    }

    void runInGroup() {
      result = work.get();
    }

    void runAlone(UnitOfWork units) {
      try {
        result = units.runVersioned(work, () -> {});
      } catch (RuntimeException e) {
        failure = e;
      }
      settled = true;
    }

    T outcome() {
      if (failure != null) throw failure;
      return result;
    }
  }

  public GroupCommit(UnitOfWork units, int maxUnits) {
    if (maxUnits < 1) throw new IllegalArgumentException("a group holds at least one unit, not " + maxUnits);
    this.units = units;
    this.maxUnits = maxUnits;
  }

  /** Runs the work in a transaction, shared with others' that arrive at the same time; its result once committed. */
  public <T> T run(Supplier<T> work) {
    Pending<T> mine = new Pending<>(work);
    boolean interrupted = false;
    try {
      synchronized (this) {
        waiting.add(mine);
        if (committing) {
          interrupted = awaitTurn(mine);
          if (mine.done) return mine.outcome();
        }
        committing = true;
      }
      runGroup();
      return mine.outcome();
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /** Runs the group that holds this caller's unit, the first waiting, and hands over to the next. */
  private void runGroup() {
    List<Pending<?>> group = new ArrayList<>();
    synchronized (this) {
      while (group.size() < maxUnits && !waiting.isEmpty()) group.add(waiting.poll());
    }
    try {
      commit(group);
    } finally {
      synchronized (this) {
        for (Pending<?> p : group) {
          if (!p.settled) {
            // The caller running the group failed with an error: each unit's caller hears of it.
            p.result = null;
            p.failure = new IllegalStateException("the unit's group stopped before it was committed");
          }
          p.done = true;
        }
        Pending<?> next = waiting.peek();
        if (next == null) {
          committing = false;
        } else {
          next.leads = true;
        }
        notifyAll();
      }
    }
  }

  /**
   * Waits until the unit is done or its caller is to run the next group. An interrupt does not end
   * the wait, since the unit may be in a group being committed, and is not set again until the
   * caller's unit is done: waiting with it set would throw at once without letting go of the lock,
   * so that the group's runner could never hand over, and a group run with it set could fail every
   * unit in it.
   *
   * @return whether the caller was interrupted meanwhile
   */
  private boolean awaitTurn(Pending<?> mine) {
    boolean interrupted = false;
    while (!mine.done && !mine.leads) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    return interrupted;
  }

  private void commit(List<Pending<?>> group) {
    if (group.size() > 1) {
      try {
        units.runVersioned(() -> {
          for (Pending<?> p : group) p.runInGroup();
          return null;
        }, () -> {});
        for (Pending<?> p : group) p.settled = true;
        return;
      } catch (RuntimeException groupFailed) {
        // Whose unit it was is not known for sure (a lost race is the whole group's): each alone.
      }
    }
    for (Pending<?> p : group) p.runAlone(units);
  }
}

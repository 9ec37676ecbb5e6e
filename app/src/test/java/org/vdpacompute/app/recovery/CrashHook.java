package org.vdpacompute.app.recovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vdpacompute.controller.workflows.StepHook;

/**
 * The campaign's hook in every controller's saga runner: armed for one case, it counts the step
 * boundaries every saga reaches from then on and, at the one the case names, does what the case
 * says: halts the saga there as a kill -9 of its controller would (nothing after that point runs),
 * or kills an agent and lets the saga go on against it. Unarmed, it only counts, so that a dry run
 * of an operation learns how many boundaries it has. Only sagas begun since it was armed count: the
 * last boundary of the saga that prepared the case may be reached after the case began.
 */
final class CrashHook implements StepHook {
  /** Thrown where a saga is to stop as its killed controller would: an Error, which no saga catches. */
  static final class Halted extends Error {
    Halted(Boundary at) {
      super("halted at " + at, null, false, false);
    }
  }

  private record Armed(int position, boolean halt, Runnable before, CountDownLatch fired) {}

  private volatile Armed armed;
  private final AtomicInteger reached = new AtomicInteger();
  private final List<Boundary> seen = new ArrayList<>();
  /** The sagas begun since the last arming, by thread, saga and server: a saga runs on one thread. */
  private final Set<String> begun = new HashSet<>();

  /** Counts from now on, firing nothing: a dry run. */
  synchronized void count() {
    armed = null;
    reached.set(0);
    seen.clear();
    begun.clear();
  }

  /**
   * Fires at the boundary {@code position} (0 the first reached from now on): runs {@code before},
   * then, when {@code halt}, stops the saga there.
   */
  synchronized void arm(int position, boolean halt, Runnable before) {
    count();
    armed = new Armed(position, halt, before, new CountDownLatch(1));
  }

  /** Fires nothing any more. */
  void disarm() {
    armed = null;
  }

  /** Whether the armed boundary was reached within {@code wait}. */
  boolean awaitFired(Duration wait) throws InterruptedException {
    Armed a = armed;
    return a != null && a.fired().await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The boundaries reached since the last {@link #count} or {@link #arm}. */
  synchronized List<Boundary> seen() {
    return List.copyOf(seen);
  }

  @Override
  public void reached(Boundary boundary) {
    Armed a;
    int n;
    String run = Thread.currentThread().getId() + "/" + boundary.saga() + "/" + boundary.instanceUuid();
    synchronized (this) {
      if (boundary.index() == 0) begun.add(run);
      if (!begun.contains(run)) return;
      a = armed;
      n = reached.getAndIncrement();
      seen.add(boundary);
    }
    if (a == null || n != a.position()) return;
    try {
      a.before().run();
    } finally {
      a.fired().countDown();
    }
    if (a.halt()) throw new Halted(boundary);
  }
}

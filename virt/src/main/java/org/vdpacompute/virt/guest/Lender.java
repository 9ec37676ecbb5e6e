package org.vdpacompute.virt.guest;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Objects that are costly to make and may be used by one thread at a time, lent out and given
 * back. It makes one whenever none is idle, and keeps at most {@link #MAX_IDLE} idle ones, so a
 * burst leaves no more behind than that.
 */
final class Lender<T> {
  static final int MAX_IDLE = 32;

  private final Supplier<T> maker;
  private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  Lender(Supplier<T> maker) {
    this.maker = maker;
  }

  T take() {
    T t = idle.poll();
    if (t == null) return maker.get();
    idleCount.decrementAndGet();
    return t;
  }

  /** Gives back what {@link #take} lent, once its user is done with it for good. */
  void giveBack(T t) {
    if (idleCount.incrementAndGet() <= MAX_IDLE) {
      idle.offer(t);
    } else {
      idleCount.decrementAndGet();
    }
  }
}

package org.vdpacompute.virt.guest;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * Objects that are costly to make and may be used by one thread at a time, lent out and given
 * back. It makes one whenever none is idle, and keeps at most {@link #MAX_IDLE} idle ones, so a
 * burst leaves no more behind than that.
 */
final class Lender<T> {
  static final int MAX_IDLE = 32;

  private final Supplier<T> maker;
  /** Bounded: what is given back when it is full is dropped. */
  private final BlockingQueue<T> idle = new ArrayBlockingQueue<>(MAX_IDLE);

  Lender(Supplier<T> maker) {
    this.maker = maker;
  }

  T take() {
    T t = idle.poll();
    return t != null ? t : maker.get();
  }

  /** Gives back what {@link #take} lent, once its user is done with it for good. */
  void giveBack(T t) {
    idle.offer(t);
  }
}

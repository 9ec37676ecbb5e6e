package org.vdpacompute.virt.libvirt;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.StoppedDetail;
import org.vdpacompute.virt.GuestState;

/** Guests' power states as libvirt's lifecycle events report them, to listeners and to waiters. */
final class PowerStates {
  private final List<PowerStateListener> listeners = new CopyOnWriteArrayList<>();

  void add(PowerStateListener listener) {
    listeners.add(listener);
  }

  void remove(PowerStateListener listener) {
    listeners.remove(listener);
  }

  void changed(UUID instance, GuestState state) {
    for (PowerStateListener l : listeners) {
      l.powerStateChanged(instance, state);
    }
  }

  /** A wait for one guest to reach one state, registered before what should cause it. */
  Awaited expect(UUID instance, GuestState wanted) {
    Awaited awaited = new Awaited(instance, wanted);
    add(awaited);
    return awaited;
  }

  final class Awaited implements PowerStateListener, AutoCloseable {
    private final UUID instance;
    private final GuestState wanted;
    private boolean reached;

    private Awaited(UUID instance, GuestState wanted) {
      this.instance = instance;
      this.wanted = wanted;
    }

    @Override
    public synchronized void powerStateChanged(UUID guest, GuestState state) {
      if (guest.equals(instance) && state == wanted) {
        reached = true;
        notifyAll();
      }
    }

    /** Whether the state was reached within {@code timeout}. */
    synchronized boolean await(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reached) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }

    @Override
    public void close() {
      remove(this);
    }
  }

  /**
   * The state a lifecycle event leaves the guest in; empty for events that say nothing about it
   * (defined, undefined, a shutdown that a stopped event follows).
   */
  static Optional<GuestState> of(DomainEvent event) {
    return switch (event.getType()) {
      case STARTED, RESUMED -> Optional.of(GuestState.RUNNING);
      case SUSPENDED -> Optional.of(GuestState.PAUSED);
      case STOPPED -> Optional.of(event.getDetail() == StoppedDetail.SAVED ? GuestState.SAVED : GuestState.SHUTOFF);
      default -> Optional.empty();
    };
  }
}

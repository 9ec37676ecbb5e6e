package org.vdpacompute.virt.libvirt;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Detaches waiting for libvirt's word that the guest let go of a device. QEMU removes a device
 * only when the guest acknowledges the unplug, which may be long after {@code
 * virDomainDetachDeviceFlags} returned, or never; until then the device is still the guest's and
 * must not be handed to another guest nor the guest migrated. libvirt says which with the {@code
 * DEVICE_REMOVED} or {@code DEVICE_REMOVAL_FAILED} event naming the device's alias. A waiter is
 * registered before the detach is asked for, so an event that comes at once is not missed.
 */
final class DeviceRemovals {

  /** How a removal ended. */
  enum Outcome {
    REMOVED,
    /** QEMU reported that the guest refused or failed the unplug. */
    FAILED
  }

  private record Key(UUID instance, String alias) {}

  private final Map<Key, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();

  /** A removal to wait for. */
  final class Expected implements AutoCloseable {
    private final Key key;
    private final CompletableFuture<Outcome> outcome;

    private Expected(Key key, CompletableFuture<Outcome> outcome) {
      this.key = key;
      this.outcome = outcome;
    }

    /** The outcome, or null when none came within {@code timeout}. */
    Outcome await(Duration timeout) throws InterruptedException {
      try {
        return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return null;
      } catch (ExecutionException e) {
        throw new IllegalStateException("a removal is only ever completed with an outcome", e);
      }
    }

    @Override
    public void close() {
      waiting.remove(key, outcome);
    }
  }

  Expected expect(UUID instance, String alias) {
    Key key = new Key(instance, alias);
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    waiting.put(key, outcome);
    return new Expected(key, outcome);
  }

  /** libvirt's {@code DEVICE_REMOVED} or {@code DEVICE_REMOVAL_FAILED} for the guest's device. */
  void event(UUID instance, String alias, Outcome outcome) {
    CompletableFuture<Outcome> waiter = waiting.get(new Key(instance, alias));
    if (waiter != null) {
      waiter.complete(outcome);
    }
  }
}

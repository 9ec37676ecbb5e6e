package org.vdpacompute.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vdpacompute.core.ConflictException;

@Timeout(30)
class GroupCommitTest {
  private final RecordingUnits units = new RecordingUnits();
  private final GroupCommit group = new GroupCommit(units, 64);

  @Test
  void unitsThatArriveWhileOneCommitsGoTogetherInTheNextCommit() throws Exception {
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CompletableFuture<String> first = firstCommitting(releaseFirst);
    List<Thread> waiting = new ArrayList<>();
    List<CompletableFuture<String>> later = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = "later-" + i;
      CompletableFuture<String> f = new CompletableFuture<>();
      Thread t = new Thread(() -> f.complete(group.run(() -> units.write(name))));
      t.start();
      waiting.add(t);
      later.add(f);
    }
    for (Thread t : waiting) awaitWaiting(t);

    releaseFirst.countDown();

    assertThat(first.get()).isEqualTo("first");
    for (int i = 0; i < 5; i++) assertThat(later.get(i).get()).isEqualTo("later-" + i);
    assertThat(units.commits).hasSize(2);
    assertThat(units.commits.get(0)).containsExactly("first");
    assertThat(units.commits.get(1)).containsExactlyInAnyOrder("later-0", "later-1", "later-2", "later-3", "later-4");
  }

  @Test
  void aUnitThatFailsFailsItsCallerAloneAndTheOthersCommit() throws Exception {
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CompletableFuture<String> first = firstCommitting(releaseFirst);
    CompletableFuture<String> good = new CompletableFuture<>();
    CompletableFuture<String> bad = new CompletableFuture<>();
    Thread g = new Thread(() -> good.complete(group.run(() -> units.write("good"))));
    Thread b = new Thread(() -> {
      try {
        bad.complete(group.run(() -> {
          units.write("bad");
          throw new ConflictException("the host's name is taken");
        }));
      } catch (RuntimeException e) {
        bad.completeExceptionally(e);
      }
    });
    g.start();
    awaitWaiting(g);
    b.start();
    awaitWaiting(b);

    releaseFirst.countDown();

    assertThat(first.get()).isEqualTo("first");
    assertThat(good.get()).isEqualTo("good");
    try {
      bad.get();
      throw new AssertionError("the failing unit's caller got a result");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ConflictException.class).hasMessage("the host's name is taken");
    }
    // The group of two rolled back whole, then each ran alone: "bad" is nowhere committed.
    assertThat(units.commits).containsExactly(List.of("first"), List.of("good"));
    assertThat(units.rollbacks).isEqualTo(2);
  }

  @Test
  void anInterruptedCallerWaitsForItsUnitWithoutSpinningAndKeepsItsInterrupt() throws Exception {
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CompletableFuture<String> first = firstCommitting(releaseFirst);
    CompletableFuture<String> outcome = new CompletableFuture<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    AtomicLong cpuNanos = new AtomicLong();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Thread waiter = new Thread(() -> {
      long before = threads.getCurrentThreadCpuTime();
      outcome.complete(group.run(() -> units.write("interrupted")));
      cpuNanos.set(threads.getCurrentThreadCpuTime() - before);
      stillInterrupted.set(Thread.currentThread().isInterrupted());
    });
    waiter.start();
    awaitWaiting(waiter);

    waiter.interrupt();
    Thread.sleep(300);
    releaseFirst.countDown();
    waiter.join();

    assertThat(first.get()).isEqualTo("first");
    assertThat(outcome.get()).isEqualTo("interrupted");
    assertThat(stillInterrupted).isTrue();
    // Waiting, not spinning: a spinning wait would have used most of the 300 ms.
    assertThat(cpuNanos.get()).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
  }

  @Test
  void aUnitAloneCommitsAtOnce() {
    assertThat(group.run(() -> units.write("alone"))).isEqualTo("alone");
    assertThat(units.commits).containsExactly(List.of("alone"));
  }

  /** A unit "first", in its commit until {@code release} is counted down; returned once it is in. */
  private CompletableFuture<String> firstCommitting(CountDownLatch release) throws InterruptedException {
    CountDownLatch in = new CountDownLatch(1);
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> group.run(() -> {
      in.countDown();
      await(release);
      return units.write("first");
    }), r -> new Thread(r).start());
    assertThat(in.await(10, TimeUnit.SECONDS)).isTrue();
    return first;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("not released");
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitWaiting(Thread t) throws InterruptedException {
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) Thread.sleep(1);
  }

  /** Transactions as lists of writes: a commit keeps its list, a failure drops it and says it rolled back. */
  private static final class RecordingUnits implements UnitOfWork {
    final List<List<String>> commits = new ArrayList<>();
    int rollbacks;
    private final ThreadLocal<List<String>> open = new ThreadLocal<>();

    String write(String what) {
      open.get().add(what);
      return what;
    }

    @Override
    public <T> T run(Supplier<T> work) {
      return runVersioned(work, () -> {});
    }

    @Override
    public synchronized <T> T runVersioned(Supplier<T> work, Runnable afterRollback) {
      List<String> writes = new ArrayList<>();
      open.set(writes);
      try {
        T result = work.get();
        commits.add(writes);
        return result;
      } catch (RuntimeException e) {
        rollbacks++;
        afterRollback.run();
        throw e;
      } finally {
        open.remove();
      }
    }
  }
}

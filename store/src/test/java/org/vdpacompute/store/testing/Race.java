package org.vdpacompute.store.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs racers on their own threads, all released at once, and collects how each ended. */
public final class Race {
  private Race() {}

  /** What one racer's task returned or threw. */
  public record Outcome<T>(T value, Throwable failure) {
    public boolean succeeded() {
      return failure == null;
    }
  }

  public interface Task<T> {
    T run(int racer) throws Exception;
  }

  /** Every racer's outcome, in racer order. */
  public static <T> List<Outcome<T>> run(int racers, Task<T> task) throws InterruptedException {
    ExecutorService threads = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        int racer = i;
        Callable<T> call = () -> {
          start.await();
          return task.run(racer);
        };
        futures.add(threads.submit(call));
      }
      start.countDown();
      List<Outcome<T>> outcomes = new ArrayList<>();
      for (Future<T> future : futures) {
        outcomes.add(outcome(future));
      }
      return outcomes;
    } finally {
      threads.shutdownNow();
    }
  }

  private static <T> Outcome<T> outcome(Future<T> future) throws InterruptedException {
    try {
      return new Outcome<>(future.get(60, TimeUnit.SECONDS), null);
    } catch (ExecutionException e) {
      return new Outcome<>(null, e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("a racer did not finish within a minute", e);
    }
  }
}

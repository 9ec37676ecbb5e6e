package org.vdpacompute.controller.workflows;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the background work of instances (builds, deletes, moves) on a shared pool, one task of an
 * instance at a time and in the order asked: a delete asked during a build runs when the build has
 * stopped, so the two never work on the same devices at once. The request id of the API call that
 * asked for a task goes with it into its log lines.
 */
final class InstanceTasks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceTasks.class);
  private static final String REQUEST_ID = "request_id";

  private final ExecutorService pool;
  private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

  /** @param threads how many instances are worked on at once; tasks mostly wait for agents */
  InstanceTasks(int threads) {
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "instance-task-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues a task of an instance behind the ones it already has. */
  CompletableFuture<Void> submit(String instanceUuid, String what, Runnable task) {
    String requestId = MDC.get(REQUEST_ID);
    CompletableFuture<Void> next = tails.compute(instanceUuid, (uuid, tail) ->
        (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail).thenRunAsync(() -> run(uuid, what, requestId, task), pool));
    next.whenComplete((v, e) -> tails.remove(instanceUuid, next));
    return next;
  }

  private static void run(String uuid, String what, String requestId, Runnable task) {
    if (requestId != null) MDC.put(REQUEST_ID, requestId);
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      // A task's own failures are handled in it; what reaches here is a fault of ours, and must show.
      LOG.error("{} of instance {} failed unexpectedly", what, uuid, e);
    } finally {
      MDC.remove(REQUEST_ID);
    }
  }

  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) pool.shutdownNow();
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

package org.vdpacompute.agent;

import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The host an agent's log lines name: the logging context's {@value #MDC_KEY}, set on every thread
 * that works for one host (the thread that starts its agent, its heartbeats, its listener's
 * requests), so that the lines of several hosts in one process (the all-in-one) tell them apart.
 */
public final class HostLogging {
  public static final String MDC_KEY = "host";

  private HostLogging() {}

  /** Runs the work on this thread with the host named on its lines, then restores what was there. */
  public static <T> T call(String host, Supplier<T> work) {
    String previous = MDC.get(MDC_KEY);
    put(host);
    try {
      return work.get();
    } finally {
      put(previous);
    }
  }

  /** The task, naming the host on the lines it logs on whatever thread runs it. */
  static Runnable naming(String host, Runnable task) {
    return () -> call(host, () -> {
      task.run();
      return null;
    });
  }

  private static void put(String host) {
    if (host == null) {
      MDC.remove(MDC_KEY);
    } else {
      MDC.put(MDC_KEY, host);
    }
  }
}

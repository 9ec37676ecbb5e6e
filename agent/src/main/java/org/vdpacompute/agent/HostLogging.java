package org.vdpacompute.agent;

import org.slf4j.MDC;

/**
 * The host an agent's log lines name: the logging context's {@value #MDC_KEY}, set on every thread
 * that works for one host (the thread that starts its agent, its heartbeats, its listener's
 * requests), so that the lines of several hosts in one process (the all-in-one) tell them apart.
 */
public final class HostLogging {
  public static final String MDC_KEY = "host";

  private HostLogging() {}

  /** The host's name on this thread's lines until the scope closes, which restores what was there. */
  public static Scope name(String host) {
    String previous = MDC.get(MDC_KEY);
    put(host);
    return () -> put(previous);
  }

  /** The task, naming the host on the lines it logs on whatever thread runs it. */
  static Runnable naming(String host, Runnable task) {
    return () -> {
      try (Scope named = name(host)) {
        task.run();
      }
    };
  }

  private static void put(String host) {
    if (host == null) {
      MDC.remove(MDC_KEY);
    } else {
      MDC.put(MDC_KEY, host);
    }
  }

  /** A naming that ends. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}

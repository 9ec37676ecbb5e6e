package org.vdpacompute.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes the earlier steps of an operation whose later step failed. The failure is what the caller
 * hears of; an undo that fails too is added to it and logged, since it leaves the guest other than
 * it was before the operation and an operator must know.
 */
final class Undo {
  private static final Logger LOG = LoggerFactory.getLogger(Undo.class);

  private Undo() {}

  static void after(RuntimeException failure, String what, Runnable undo) {
    try {
      undo.run();
    } catch (RuntimeException e) {
      LOG.error("could not {} after a failure ({})", what, failure.getMessage(), e);
      failure.addSuppressed(e);
    }
  }
}

package org.vdpacompute.controller.model;

import java.util.function.Supplier;

/** Units of work run as they are given, in no transaction: for tests whose stores live in memory. */
public final class UnitsRunAtOnce implements UnitOfWork {
  @Override
  public <T> T run(Supplier<T> work) {
    return work.get();
  }

  @Override
  public <T> T runVersioned(Supplier<T> work, Runnable afterRollback) {
    return work.get();
  }
}

package org.vdpacompute.controller.model;

import java.util.function.Supplier;

/**
 * Several writes through the stores as one transaction: all of them or none, and one commit
 * instead of one each, which is most of what a write costs. The work may run more than once (a
 * transaction that lost a race runs again), so it must only read and write through the stores,
 * with no other effect.
 */
public interface UnitOfWork {
  <T> T run(Supplier<T> work);

  /**
   * {@link #run(Supplier)} for work whose every write is a compare-and-set on a version it read (a
   * host's device generation, a server's or a port's revision), and which also changes what this
   * controller keeps in memory, such as a host's device tracker: {@code afterRollback} runs each
   * time the unit's transaction rolls back, before it is run again or its failure thrown, and puts
   * that back as the database has it. Such a unit may run at repeatable read, which is enough for it.
   */
  <T> T runVersioned(Supplier<T> work, Runnable afterRollback);
}

package org.vdpacompute.controller.compute;

import java.util.function.Supplier;

/**
 * Several writes through the stores as one transaction: all of them or none, and one commit
 * instead of one each, which is most of what a write costs. The work may run more than once (a
 * transaction that lost a race runs again), so it must only read and write through the stores,
 * with no other effect.
 */
public interface UnitOfWork {
  <T> T run(Supplier<T> work);
}

package org.vdpacompute.store.compute;

import java.util.function.Supplier;
import org.vdpacompute.controller.model.UnitOfWork;
import org.vdpacompute.store.Database;

/** The stores' writes of a unit in one database transaction, which each store's own joins. */
public final class JdbcUnitOfWork implements UnitOfWork {
  private final Database db;

  public JdbcUnitOfWork(Database db) {
    this.db = db;
  }

  @Override
  public <T> T run(Supplier<T> work) {
    return db.inTransaction(h -> work.get());
  }

  @Override
  public <T> T runVersioned(Supplier<T> work, Runnable afterRollback) {
    return db.inVersionedTransaction(h -> work.get(), afterRollback);
  }
}

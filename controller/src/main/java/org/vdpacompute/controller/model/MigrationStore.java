package org.vdpacompute.controller.model;

import java.util.List;
import java.util.Optional;

/** Where moves of servers are recorded. */
public interface MigrationStore {
  /** Records a new migration; the answer carries the id the store gave it. */
  Migration insert(Migration migration);

  Optional<Migration> migration(String uuid);

  /** Every migration of an instance, newest first. */
  List<Migration> ofInstance(String instanceUuid);

  /** Every migration, newest first. */
  List<Migration> all();

  /** Moves not yet settled: their destination claims still count. */
  List<Migration> unsettled();

  /** Replaces a migration if it is still at {@code migration.revision() - 1}. */
  boolean update(Migration migration);
}

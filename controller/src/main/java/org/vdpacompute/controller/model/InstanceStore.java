package org.vdpacompute.controller.model;

import java.util.List;
import java.util.Optional;

/** Where instances live. */
public interface InstanceStore {
  void insert(Instance instance);

  Optional<Instance> instance(String uuid);

  /** A project's instances, all when {@code projectId} is null; deleted ones are not listed. */
  List<Instance> instances(String projectId);

  /**
   * Instances that existed during a period, deleted ones too (for usage reports): made before its
   * end and not deleted before its start, oldest first; a project's, or all when {@code projectId}
   * is null.
   */
  List<Instance> existedBetween(java.time.Instant start, java.time.Instant stop, String projectId);

  /** Instances on a host (for its usage and for an agent's reconciliation). */
  List<Instance> onHost(String host);

  /**
   * Replaces an instance if it is still at {@code instance.revision() - 1}; false when another
   * writer got in first. Its name is not written: a name changes only by {@link #rename}.
   */
  boolean update(Instance instance);

  /**
   * Renames an instance, whatever task it is in, without a new revision: a name is the user's and
   * not part of any task's state, so a rename neither waits for a task nor makes one lose its race.
   * False when there is no such instance (or it is deleted).
   */
  boolean rename(String uuid, String name, java.time.Instant now);
}

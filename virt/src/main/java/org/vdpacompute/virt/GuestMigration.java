package org.vdpacompute.virt;

import java.util.UUID;

/**
 * Live migration of a guest to another host. Cold migration is not a driver job: the agent powers
 * the guest off here and starts it on the destination.
 */
public interface GuestMigration {

  /**
   * Moves the running or paused guest to the destination without stopping it. On success the guest
   * runs there, in the state it had, and is no longer defined here; on failure it still runs here.
   * Devices that cannot move (vDPA, SR-IOV VFs) must be detached before and attached after.
   */
  void liveMigrate(UUID instance, MigrationTarget target);
}

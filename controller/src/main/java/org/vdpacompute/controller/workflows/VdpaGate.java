package org.vdpacompute.controller.workflows;

import org.vdpacompute.core.ConflictException;

/**
 * Refuses, before anything changes, an operation on an instance with vDPA ports that some compute
 * service in the cloud is too old to carry out: during a rolling upgrade every host must be new
 * enough, since a move may land anywhere.
 */
final class VdpaGate {
  private VdpaGate() {}

  /**
   * @param oldestServiceVersion the lowest version any compute service of the cloud reports
   * @param oldestHost the host reporting it, for the message
   */
  static void check(VdpaOperation operation, int oldestServiceVersion, String oldestHost) {
    if (oldestServiceVersion < operation.minimumServiceVersion()) {
      throw new ConflictException("Operation '" + operation.description()
          + "' is not supported for instance with vDPA ports: compute host " + oldestHost
          + " runs compute service version " + oldestServiceVersion + ", and " + operation.description()
          + " of vDPA ports needs version " + operation.minimumServiceVersion()
          + " on every compute host; upgrade the older hosts first.");
    }
  }
}

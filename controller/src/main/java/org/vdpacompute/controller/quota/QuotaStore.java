package org.vdpacompute.controller.quota;

import java.util.Map;

/** Where the limits set for projects live, and what counts a project's use of each resource. */
public interface QuotaStore {
  /** The limits set for the project, where they differ from the defaults. */
  Map<QuotaResource, Integer> limits(String projectId);

  /** Sets limits of the project; the others keep theirs. */
  void setLimits(String projectId, Map<QuotaResource, Integer> limits);

  /** Puts a service's limits of the project back to the defaults. */
  void clearLimits(String projectId, QuotaResource.Service service);

  /**
   * Orders the quota-checked creates of one project within their transactions: called first in a
   * transaction that counts what the project uses and then adds to it, it makes a concurrent one
   * of the same project wait for it or lose and run again, so that each counts what the other
   * added and two creates never both squeeze under a limit.
   */
  void serialize(String projectId);

  /**
   * What the project uses of each enforced resource of a service that is counted across the
   * project: of the compute service its servers (not deleted) and their vCPUs and RAM, of the
   * networking service its networks, subnets and ports.
   */
  Map<QuotaResource, Long> usage(String projectId, QuotaResource.Service service);
}

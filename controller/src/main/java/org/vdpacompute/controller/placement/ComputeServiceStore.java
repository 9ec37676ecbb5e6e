package org.vdpacompute.controller.placement;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vdpacompute.agent.protocol.HostReport;

/** Where compute service records and their hosts' reports live. */
public interface ComputeServiceStore {
  /** Creates the service of a host on its first registration, or updates its version, URL and last-seen time. */
  ComputeService register(HostReport report, Instant now, String newId);

  /**
   * Records the latest heartbeat of each host, in one transaction; a time earlier than the one
   * recorded (another controller's newer beat) is left alone, as are hosts never registered.
   */
  void heartbeats(Map<String, Instant> lastBeats);

  Optional<ComputeService> service(String host);

  Optional<ComputeService> serviceById(String id);

  List<ComputeService> services();

  void update(ComputeService service);

  /** The latest report of each host, for hypervisor documents. */
  Optional<HostReport> report(String host);
}

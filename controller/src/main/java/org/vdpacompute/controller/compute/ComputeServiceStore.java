package org.vdpacompute.controller.compute;

import org.vdpacompute.core.host.HostReport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where compute service records and their hosts' reports live. */
public interface ComputeServiceStore {
  /** Creates the service of a host on its first registration, or updates its version, URL and last-seen time. */
  ComputeService register(HostReport report, Instant now, String newId);

  /** Records a heartbeat; false when the host never registered. */
  boolean heartbeat(String host, Instant now);

  Optional<ComputeService> service(String host);

  Optional<ComputeService> serviceById(String id);

  List<ComputeService> services();

  void update(ComputeService service);

  /** The latest report of each host, for hypervisor documents. */
  Optional<HostReport> report(String host);
}

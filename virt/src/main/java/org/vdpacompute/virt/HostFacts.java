package org.vdpacompute.virt;

import java.util.List;

/** What a host is: its name, its hypervisor and versions, its NUMA nodes, and so its vDPA support. */
public interface HostFacts {

  /** The host's name as its hypervisor reports it (Nova's {@code hypervisor_hostname}). */
  String hostname();

  HypervisorInfo hypervisor();

  /** The host's NUMA nodes, ordered by id; a host without NUMA reports one node. */
  List<NumaCell> numaCells();

  /** Whether guests here may have vDPA interfaces, decided by the versions of {@link #hypervisor()}. */
  default VdpaSupport vdpaSupport() {
    return VdpaSupport.decide(hypervisor());
  }
}

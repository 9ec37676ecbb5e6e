package org.vdpacompute.virt;

import java.util.List;
import org.vdpacompute.core.pci.DeviceReport;

/** Finds the PCI devices of a host. */
public interface DeviceDiscovery {

  /**
   * Every PCI device of the host, ordered by address: PFs, VFs naming their parent PF, plain PCI
   * devices, each with its NUMA node, driver and network interface where known. A VF with a vDPA
   * device bound is reported as {@link org.vdpacompute.core.pci.DevType#VDPA} only when the host
   * supports vDPA ({@link HostFacts#vdpaSupport()}); otherwise as a plain VF.
   */
  List<DeviceReport> discover();
}

package org.vdpacompute.controller.placement;

import java.util.List;
import java.util.Map;
import org.vdpacompute.core.pci.PciDevice;

/** Where each host's devices, their statuses and holders are recorded, with the host's generation. */
public interface PciDeviceStore {
  /** A host's recorded devices and the generation they were recorded at; generation 0 and no devices for a new host. */
  record HostRecord(long generation, List<PciDevice> devices) {
    public HostRecord {
      devices = List.copyOf(devices);
    }
  }

  HostRecord load(String host);

  /** Every host's recorded generation, by host: one cheap read, for noticing what other controllers changed. */
  Map<String, Long> generations();

  /**
   * Records a host's devices if its generation is still {@code expectedGeneration}, making it one
   * more; false, changing nothing, when another controller recorded first.
   */
  boolean save(String host, long expectedGeneration, List<PciDevice> devices);
}

package org.vdpacompute.api.compute;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.util.Map;
import java.util.TreeMap;
import org.vdpacompute.api.http.ApiMetrics;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.core.pci.PciDevice;

/** {@code vdpa_pci_devices{host, dev_type, status}}: the devices of every host, counted at each scrape. */
public final class PciDeviceMetrics {
  private PciDeviceMetrics() {}

  public static void register(ApiMetrics metrics, ComputeServices services, HostInventory inventory) {
    GaugeWithCallback.builder()
        .name("vdpa_pci_devices").help("PCI devices tracked, by host, device type and status")
        .labelNames("host", "dev_type", "status")
        .callback(cb -> {
          for (ComputeService s : services.services()) {
            Map<String, Integer> counts = new TreeMap<>();
            for (PciDevice d : inventory.devices(s.host())) {
              counts.merge(d.type().apiName() + "\u0000" + d.status().apiName(), 1, Integer::sum);
            }
            counts.forEach((k, n) -> {
              String[] typeStatus = k.split("\u0000");
              cb.call(n, s.host(), typeStatus[0], typeStatus[1]);
            });
          }
        })
        .register(metrics.registry());
  }
}

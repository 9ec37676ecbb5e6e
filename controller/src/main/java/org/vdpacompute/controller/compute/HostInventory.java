package org.vdpacompute.controller.compute;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vdpacompute.core.host.HostReport;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.core.pci.spec.DeviceSpecList;
import org.vdpacompute.core.pci.tracker.HostDevices;

/**
 * The PCI devices of every compute host, kept in memory by the controller: each host's tracker
 * takes in the host's reports (its whitelist is the host's own {@code [pci] device_spec}, sent
 * with the report). On start the controller feeds it every host's last stored report.
 */
public final class HostInventory {
  private final Map<String, HostDevices> hosts = new ConcurrentHashMap<>();

  /** Takes in a host's report: new devices, vanished ones, changed types. */
  public void report(HostReport report) {
    DeviceSpecList whitelist = DeviceSpecList.parse(report.deviceSpec());
    hosts.compute(report.host(), (name, current) -> {
      HostDevices devices = current != null ? current : new HostDevices(name, whitelist);
      devices.update(report.devices());
      return devices;
    });
  }

  public Optional<HostDevices> host(String host) {
    return Optional.ofNullable(hosts.get(host));
  }

  /** Every tracked device of a host; empty for a host that never reported. */
  public List<PciDevice> devices(String host) {
    return host(host).map(HostDevices::devices).orElse(List.of());
  }
}

package org.vdpacompute.scheduler;

/**
 * Keeps PCI hosts for guests that need PCI (Nova's PCIWeigher): an instance without PCI requests
 * prefers hosts with fewer free devices, one with requests prefers hosts with more.
 */
final class PciWeigher implements HostWeigher {
  @Override
  public double weigh(HostState host, ScheduleRequest request) {
    int free = host.pci().totalAvailable();
    return request.needsPci() ? free : -free;
  }
}

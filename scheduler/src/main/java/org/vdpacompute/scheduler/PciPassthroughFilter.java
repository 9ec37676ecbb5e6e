package org.vdpacompute.scheduler;

/** The host's free PCI devices satisfy all of the instance's requests together, on the guest's NUMA cells. */
final class PciPassthroughFilter implements HostFilter {
  @Override
  public String name() {
    return "PciPassthroughFilter";
  }

  @Override
  public boolean passes(HostState host, ScheduleRequest request, Evaluation evaluation) {
    return !request.needsPci() || evaluation.pciQuery.fits(host.pci(), evaluation.numa);
  }

  @Override
  public Refusal explain(HostState host, ScheduleRequest request, Evaluation evaluation, HostFacts facts) {
    return PciRefusals.explain(this, request.pciRequests(), host.pci(), evaluation.numa, facts);
  }
}

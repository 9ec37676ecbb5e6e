package org.vdpacompute.scheduler;

/** Only hosts whose compute service is up and enabled take new instances (Nova's ComputeFilter). */
final class ComputeFilter implements HostFilter {
  @Override
  public String name() {
    return "ComputeFilter";
  }

  @Override
  public boolean passes(HostState host, ScheduleRequest request, Evaluation evaluation) {
    return host.up() && host.enabled();
  }
}

package org.vdpacompute.scheduler;

/** How much a host is preferred for a request; raw values are normalised over the candidates. */
interface HostWeigher {
  double weigh(HostState host, ScheduleRequest request);

  /** How much this weigher counts against the others. */
  default double multiplier() {
    return 1.0;
  }
}

package org.vdpacompute.scheduler;

/** One reason a host may not take an instance. Filters run in order; the first that says no removes the host. */
interface HostFilter {
  /** The name reported when this filter removes hosts. */
  String name();

  boolean passes(HostState host, ScheduleRequest request, Evaluation evaluation);
}

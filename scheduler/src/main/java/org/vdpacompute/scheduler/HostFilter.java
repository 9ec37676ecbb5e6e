package org.vdpacompute.scheduler;

/**
 * One reason a host may not take an instance. Filters run in order; the first that says no removes the host.
 *
 * <p>Each filter says yes or no on the scheduling path ({@link #passes}) and, apart from it, why
 * not ({@link #explain}): the reasons are for people, cost lookups and strings, and are worked out
 * only for a host the filter refused, when someone asks or once scheduling has failed; as Nova's
 * PCI pool criteria are named steps that can say what they dropped.
 */
interface HostFilter {
  /** The name reported when this filter removes hosts. */
  String name();

  boolean passes(HostState host, ScheduleRequest request, Evaluation evaluation);

  /**
   * False when this filter passes every host for the request (a request that names no hosts, a
   * server with no port to plug): the filter is then not asked host by host, which spares each host
   * of a request a call through the filters' interface.
   */
  default boolean appliesTo(ScheduleRequest request) {
    return true;
  }

  /**
   * Why this filter refused the host, in the host's own terms; called only for a host whose
   * {@link #passes} said no, with the evaluation as the filters before it left it.
   */
  Refusal explain(HostState host, ScheduleRequest request, Evaluation evaluation, HostFacts facts);

  /**
   * True when a host this filter refuses was never a candidate for the request (down, disabled,
   * excluded by the request), rather than a candidate that lacks room or devices.
   */
  default boolean screensCandidates() {
    return false;
  }

  /** A refusal by this filter. */
  default Refusal refusal(String reason, String summary) {
    return new Refusal(name(), reason, summary);
  }
}

package org.vdpacompute.scheduler;

import java.util.ArrayList;
import java.util.List;

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

  /** "down: no heartbeat since ...", "down: forced down", "disabled: maintenance", or both. */
  @Override
  public Refusal explain(HostState host, ScheduleRequest request, Evaluation evaluation, HostFacts facts) {
    List<String> reasons = new ArrayList<>(2);
    List<String> summaries = new ArrayList<>(2);
    if (!host.up()) {
      summaries.add("down");
      if (facts.forcedDown()) {
        reasons.add("down: forced down");
      } else {
        reasons.add(facts.lastHeartbeat() == null ? "down: no heartbeat" : "down: no heartbeat since " + facts.lastHeartbeat());
      }
    }
    if (!host.enabled()) {
      summaries.add("disabled");
      String why = facts.disabledReason();
      reasons.add(why == null || why.isBlank() ? "disabled" : "disabled: " + why);
    }
    return refusal(String.join("; ", reasons), String.join(", ", summaries));
  }

  @Override
  public boolean screensCandidates() {
    return true;
  }
}

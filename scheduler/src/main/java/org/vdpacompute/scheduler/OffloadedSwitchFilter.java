package org.vdpacompute.scheduler;

/**
 * A host whose offloaded switch is down takes no instance with a port whose VF representor its agent
 * must plug into the switch (vdpa, direct): the port would carry no packet, and the agent refuses
 * the guest. Refused here, the instance goes to a host that can, and an administrator who asks why
 * sees the switch's reason as the host reported it.
 */
final class OffloadedSwitchFilter implements HostFilter {
  @Override
  public String name() {
    return "OffloadedSwitchFilter";
  }

  @Override
  public boolean passes(HostState host, ScheduleRequest request, Evaluation evaluation) {
    return host.switchUsable() || !request.needsSwitch();
  }

  @Override
  public boolean appliesTo(ScheduleRequest request) {
    return request.needsSwitch();
  }

  @Override
  public Refusal explain(HostState host, ScheduleRequest request, Evaluation evaluation, HostFacts facts) {
    return refusal("offloaded switch down: " + (facts.switchDown() == null ? "as the host reported" : facts.switchDown()),
        "its offloaded switch is down");
  }
}

package org.vdpacompute.scheduler;

/** Keeps a move off its source and onto a named destination, when the request names one. */
final class HostListFilter implements HostFilter {
  @Override
  public String name() {
    return "HostListFilter";
  }

  @Override
  public boolean passes(HostState host, ScheduleRequest request, Evaluation evaluation) {
    // Most requests name no hosts: asked first, so that a thousand hosts are not hashed for nothing.
    return (request.ignoreHosts().isEmpty() || !request.ignoreHosts().contains(host.host()))
        && (request.onlyHosts().isEmpty() || request.onlyHosts().contains(host.host()));
  }

  @Override
  public boolean appliesTo(ScheduleRequest request) {
    return !request.ignoreHosts().isEmpty() || !request.onlyHosts().isEmpty();
  }

  @Override
  public Refusal explain(HostState host, ScheduleRequest request, Evaluation evaluation, HostFacts facts) {
    return request.ignoreHosts().contains(host.host())
        ? refusal("excluded by the request: the server's own host, or one its build already failed on",
            "excluded by the request")
        : refusal("not the destination the request names (" + String.join(", ", request.onlyHosts()) + ")",
            "excluded by the request");
  }

  @Override
  public boolean screensCandidates() {
    return true;
  }
}

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
}

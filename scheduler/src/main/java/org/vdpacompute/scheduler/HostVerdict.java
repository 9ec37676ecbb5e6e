package org.vdpacompute.scheduler;

/**
 * Whether one host can take a request and, if not, why.
 *
 * @param candidate whether the host was one to choose from at all: its service up and enabled, and
 *     the request not excluding it (a move's source, a host a build already failed on, or not the
 *     named destination). Refusals of hosts that were not candidates are not counted in a
 *     no-valid-host message: a cloud with 300 disabled hosts did not refuse the request 300 times.
 * @param refusal why the host cannot take it; null when it can
 */
public record HostVerdict(String host, boolean candidate, Refusal refusal) {
  public boolean fits() {
    return refusal == null;
  }
}

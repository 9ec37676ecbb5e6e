package org.vdpacompute.scheduler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * For every host, whether a request fits it and, if not, which filter refused it and why: the
 * scheduler's decision said out loud. Built by {@link Scheduler#explain} only when asked or once
 * scheduling has failed.
 *
 * <p>Two readings: {@link #message()} counts the candidate hosts by the summaries of their refusals
 * and names no host, as Nova tells a non-admin user no host names; {@link #details()} gives each
 * refused host with its reason in its own terms, for administrators.
 */
public record Explanation(List<HostVerdict> hosts) {
  public Explanation {
    hosts = List.copyOf(hosts);
  }

  /** Hosts that were candidates for the request (see {@link HostVerdict#candidate}). */
  public long candidates() {
    return hosts.stream().filter(HostVerdict::candidate).count();
  }

  /** Hosts that can take the request. */
  public long fitting() {
    return hosts.stream().filter(HostVerdict::fits).count();
  }

  /** What any user may read: how many candidate hosts there were and why they refused, by summary. */
  public String message() {
    long candidates = candidates();
    long fitting = fitting();
    if (fitting > 0) {
      return fitting + " of " + hosts(candidates, "candidate host") + " can take the server.";
    }
    if (hosts.isEmpty()) return "No valid host was found. There are no compute hosts.";
    if (candidates == 0) {
      return "No valid host was found. There is no candidate host: every compute host is down, disabled or excluded by "
          + "the request.";
    }
    Map<String, Integer> byReason = new LinkedHashMap<>();
    for (HostVerdict v : hosts) {
      if (v.candidate()) byReason.merge(v.refusal().filter() + " (" + v.refusal().summary() + ")", 1, Integer::sum);
    }
    return "No valid host was found. " + (candidates == 1 ? "The only candidate host refused the server: "
        : "None of the " + candidates + " candidate hosts can take the server: ")
        + byReason.entrySet().stream().map(e -> e.getValue() + " refused by " + e.getKey())
            .collect(Collectors.joining(", ")) + ".";
  }

  /** What administrators may read: one line per refused host, candidates first, with its reason. */
  public String details() {
    return hosts.stream().filter(v -> !v.fits())
        .sorted((a, b) -> Boolean.compare(b.candidate(), a.candidate()))
        .map(v -> v.host() + (v.candidate() ? "" : " (not a candidate)") + ": " + v.refusal().filter() + ": "
            + v.refusal().reason())
        .collect(Collectors.joining("\n"));
  }

  private static String hosts(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}

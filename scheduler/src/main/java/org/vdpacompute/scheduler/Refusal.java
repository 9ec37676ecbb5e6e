package org.vdpacompute.scheduler;

import java.util.Objects;

/**
 * Why one filter refused one host.
 *
 * @param filter the filter's name, as the scheduler reports it
 * @param reason in the host's own terms, for administrators: may name the host's servers and devices
 *     ({@code "physnet4: 0 of 4 vdpa devices free (held by servers a, b, c, d)"})
 * @param summary the same without anything of other projects or of the host's make-up, for any user
 *     ({@code "no free vdpa device on physnet4"}); refusals with the same summary are counted together
 */
public record Refusal(String filter, String reason, String summary) {
  public Refusal {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(summary, "summary");
  }
}

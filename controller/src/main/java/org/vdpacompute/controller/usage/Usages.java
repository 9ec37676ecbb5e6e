package org.vdpacompute.controller.usage;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.core.InvalidValueException;

/**
 * Nova's simple tenant usage: what servers used of a period, all projects' or one's, a page of
 * servers at a time (oldest first, after a marker server), as Nova pages them from 2.40 on.
 */
public final class Usages {
  private final InstanceStore instances;
  private final Clock clock;

  public Usages(InstanceStore instances, Clock clock) {
    this.instances = instances;
    this.clock = clock;
  }

  /**
   * A page of usage.
   *
   * @param start the period's start; null for now
   * @param stop its end; null for now
   * @param projectId whose servers; null for all projects'
   * @param limit at most this many servers
   * @param marker the last server of the previous page; null for the first page
   * @throws InvalidValueException when the period is empty or the marker is not one of its servers
   */
  public UsagePage report(Instant start, Instant stop, String projectId, int limit, String marker) {
    Instant now = clock.instant();
    if (start == null) start = now;
    if (stop == null) stop = now;
    if (!start.isBefore(stop)) {
      throw new InvalidValueException("Invalid start time. The start time cannot occur after the end time.");
    }
    // Nova charges nothing beyond now: a period ending later ends now.
    Instant end = stop.isAfter(now) ? now : stop;
    List<Instance> servers = instances.existedBetween(start, end, projectId);
    int from = 0;
    if (marker != null) {
      from = indexOf(servers, marker) + 1;
      if (from == 0) throw new InvalidValueException("Marker " + marker + " could not be found.");
    }
    List<Instance> page = servers.subList(from, Math.min(servers.size(), from + limit));
    String last = page.size() == limit ? page.get(page.size() - 1).uuid() : null;
    return new UsagePage(UsageReport.of(page, start, end, now), last);
  }

  private static int indexOf(List<Instance> servers, String uuid) {
    for (int i = 0; i < servers.size(); i++) {
      if (servers.get(i).uuid().equals(uuid)) return i;
    }
    return -1;
  }

  /**
   * @param usages by project
   * @param lastServer the page's last server when the page is full (more may follow); null otherwise
   */
  public record UsagePage(List<TenantUsage> usages, String lastServer) {
    public UsagePage {
      usages = List.copyOf(usages);
    }
  }
}

package org.vdpacompute.controller.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.VmState;

/**
 * Nova's simple tenant usage over servers: a server is charged from its launch (or the period's
 * start) to its delete (or the period's end); one never launched is listed with no hours. A
 * deleted server's end is when its delete finished, its last change.
 */
public final class UsageReport {
  private static final double SECONDS_PER_HOUR = 3600.0;

  private UsageReport() {}

  /** The usage of the servers, by project in the order the servers come. */
  public static List<TenantUsage> of(List<Instance> servers, Instant start, Instant stop, Instant now) {
    Map<String, List<ServerUsage>> byProject = new LinkedHashMap<>();
    for (Instance i : servers) {
      byProject.computeIfAbsent(i.projectId(), p -> new ArrayList<>()).add(usage(i, start, stop, now));
    }
    List<TenantUsage> usages = new ArrayList<>();
    byProject.forEach((project, list) -> usages.add(new TenantUsage(project, list, start, stop)));
    return usages;
  }

  static ServerUsage usage(Instance i, Instant start, Instant stop, Instant now) {
    Instant ended = i.vmState() == VmState.DELETED ? i.updatedAt() : null;
    Instant launched = i.launchedAt();
    long uptime = launched == null ? 0 : Duration.between(launched, ended != null ? ended : now).toSeconds();
    return new ServerUsage(i.uuid(), i.name(), i.projectId(), i.flavor().name(), hours(launched, ended, start, stop),
        i.flavor().ramMb(), i.flavor().diskGb() + i.flavor().ephemeralGb(), i.flavor().vcpus(), launched, ended,
        ended != null ? "terminated" : i.vmState().apiName(), uptime);
  }

  private static double hours(Instant launched, Instant ended, Instant start, Instant stop) {
    if (launched == null || launched.isAfter(stop) || (ended != null && ended.isBefore(start))) return 0;
    Instant from = launched.isAfter(start) ? launched : start;
    Instant to = ended != null && ended.isBefore(stop) ? ended : stop;
    return Duration.between(from, to).toNanos() / 1e9 / SECONDS_PER_HOUR;
  }
}

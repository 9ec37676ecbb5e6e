package org.vdpacompute.controller.usage;

import java.time.Instant;
import java.util.List;

/** What one project's servers used of a period: each server's hours and size, and the sums Nova reports. */
public record TenantUsage(String tenantId, List<ServerUsage> servers, Instant start, Instant stop) {
  public TenantUsage {
    servers = List.copyOf(servers);
  }

  public double totalHours() {
    return servers.stream().mapToDouble(ServerUsage::hours).sum();
  }

  public double totalVcpusUsage() {
    return servers.stream().mapToDouble(s -> s.hours() * s.vcpus()).sum();
  }

  public double totalMemoryMbUsage() {
    return servers.stream().mapToDouble(s -> s.hours() * s.memoryMb()).sum();
  }

  public double totalLocalGbUsage() {
    return servers.stream().mapToDouble(s -> s.hours() * s.localGb()).sum();
  }
}

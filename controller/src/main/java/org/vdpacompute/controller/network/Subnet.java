package org.vdpacompute.controller.network;

import java.time.Instant;
import java.util.List;

/** An IP range of a network from which ports get fixed IPs. */
public record Subnet(
    String id,
    String name,
    String networkId,
    String projectId,
    int ipVersion,
    String cidr,
    String gatewayIp,
    List<AllocationPool> allocationPools,
    boolean enableDhcp,
    Instant createdAt) {

  public Subnet {
    allocationPools = List.copyOf(allocationPools);
  }

  /** A range of addresses, first and last included, that may be allocated. */
  public record AllocationPool(String start, String end) {}
}

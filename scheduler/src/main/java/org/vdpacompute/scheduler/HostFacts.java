package org.vdpacompute.scheduler;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vdpacompute.core.pci.PciDevice;

/**
 * What an explanation says about a host beyond its {@link HostState}: gathered only when someone asks
 * why a host was refused, never while scheduling, so that the states the scheduler walks stay small.
 *
 * @param disabledReason why the operator disabled the host's service, or null
 * @param forcedDown whether the operator forced the service down
 * @param lastHeartbeat the service's last registration or heartbeat, or null when the host is unknown
 * @param vdpaUnsupported why the host cannot drive vDPA (its report's reason), or null when it can
 * @param switchDown why the host's offloaded switch cannot be used (its report's reason), or null when it can
 * @param devices every device the host tracks, with status and holder
 * @param serverNames names of the servers holding the devices, by uuid; a holder missing here is named by its uuid
 */
public record HostFacts(
    String disabledReason,
    boolean forcedDown,
    Instant lastHeartbeat,
    String vdpaUnsupported,
    String switchDown,
    List<PciDevice> devices,
    Map<String, String> serverNames) {

  public HostFacts {
    devices = List.copyOf(devices);
    serverNames = Map.copyOf(serverNames);
  }

  /** How a person knows a server: its name, or its uuid when the name is not known. */
  String serverName(String uuid) {
    return serverNames.getOrDefault(uuid, uuid);
  }
}

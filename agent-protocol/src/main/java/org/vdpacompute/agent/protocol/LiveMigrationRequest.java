package org.vdpacompute.agent.protocol;

import java.net.URI;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.net.HttpUrls;

/**
 * What the controller asks of the source host's agent to live-migrate a guest. The source unplugs
 * the passthrough nics of {@code source}, has the destination's agent render {@code destination}
 * without its passthrough nics as that host's domain, and moves the guest there; the controller
 * plugs the destination's passthrough nics in afterwards.
 *
 * @param source the guest as it runs on the source host, with the devices claimed there
 * @param destHost the destination host's name, as its hypervisor knows it
 * @param destAgentUrl where the source's agent reaches the destination's agent
 * @param destination the guest as it is to run on the destination, with the devices claimed there
 */
public record LiveMigrationRequest(GuestBlueprint source, String destHost, URI destAgentUrl,
    GuestBlueprint destination) {

  public LiveMigrationRequest {
    if (source == null || destination == null) {
      throw new InvalidValueException("a live migration needs the guest's blueprints on the source and the destination");
    }
    if (destHost == null || destHost.isBlank() || destAgentUrl == null) {
      throw new InvalidValueException("the live migration of guest " + source.uuid()
          + " needs the destination host and the URL of its agent");
    }
    // The source's agent is to call it: a file: URL or another scheme is refused where it comes in.
    if (!HttpUrls.isHttp(destAgentUrl)) {
      throw new InvalidValueException("the agent URL '" + destAgentUrl + "' is not an http:// or https:// URL with a host");
    }
    if (!source.uuid().equals(destination.uuid())) {
      throw new InvalidValueException("the live migration of guest " + source.uuid()
          + " names guest " + destination.uuid() + " on the destination");
    }
  }
}

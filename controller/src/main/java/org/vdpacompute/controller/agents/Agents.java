package org.vdpacompute.controller.agents;

import java.net.URI;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;

/**
 * The agents of the cloud's hosts, by host name: each reached at the URL its host registered with,
 * as this controller keeps the services (read from the database for a host not yet known here, or
 * whose agent no longer listens where this controller knew it).
 */
public final class Agents {
  private final AgentClient client;
  private final ComputeServices services;

  public Agents(AgentClient client, ComputeServices services) {
    this.client = client;
    this.services = services;
  }

  /** The agent of a host. */
  public HostAgent on(String host) {
    return new HostAgent(host, client, this::urlOf, this::recordedUrlOf);
  }

  /** Where a host's agent listens; null when it registered none. */
  private URI urlOf(String host) {
    return url(services.known(host).orElseGet(() -> services.service(host)));
  }

  /** Where a host's agent listens as the database says now (it may have registered anew elsewhere). */
  private URI recordedUrlOf(String host) {
    return services.refresh(host).map(Agents::url).orElse(null);
  }

  private static URI url(ComputeService service) {
    return service.agentUrl() == null ? null : URI.create(service.agentUrl());
  }
}

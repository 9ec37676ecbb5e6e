package org.vdpacompute.controller.agents;

import java.net.URI;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;

/**
 * The agents of the cloud's hosts, by host name: each reached at the URL its host registered with,
 * as this controller keeps the services (read from the database for a host not yet known here).
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
    return new HostAgent(host, client, this::urlOf);
  }

  /** Where a host's agent listens; null when it registered none. */
  private URI urlOf(String host) {
    ComputeService service = services.known(host).orElseGet(() -> services.service(host));
    return service.agentUrl() == null ? null : URI.create(service.agentUrl());
  }
}

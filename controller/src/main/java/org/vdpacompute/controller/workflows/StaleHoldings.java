package org.vdpacompute.controller.workflows;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.HostInventory;

/**
 * What a server still holds on hosts it no longer runs on: the source of an evacuation that came
 * back without restarting, the other side of a move that failed half way. On a host that is up the
 * stale guest is destroyed and then its devices freed (never the other way round: a device freed
 * under a guest that still runs could be handed to another). A host that is down keeps both until
 * its agent registers again, since its guest may still use them.
 */
final class StaleHoldings {
  private static final Logger LOG = LoggerFactory.getLogger(StaleHoldings.class);

  private final ComputeServices services;
  private final Agents agents;
  private final HostInventory inventory;

  StaleHoldings(ComputeServices services, Agents agents, HostInventory inventory) {
    this.services = services;
    this.agents = agents;
    this.inventory = inventory;
  }

  /** Releases what the server holds on every host but {@code keep} (null: on every host). */
  void release(Instance instance, String keep) {
    for (String host : inventory.hostsHolding(instance.uuid())) {
      if (host.equals(keep) || services.known(host).filter(services::isUp).isEmpty()) continue;
      try {
        agents.on(host).destroy(instance.id());
      } catch (RuntimeException e) {
        LOG.warn("the stale guest of instance {} on host {} could not be destroyed; its devices stay held",
            instance.uuid(), host, e);
        continue;
      }
      LOG.info("instance {} still held devices on {}, where it does not run: freed", instance.uuid(), host);
      inventory.free(host, instance.uuid());
    }
  }
}

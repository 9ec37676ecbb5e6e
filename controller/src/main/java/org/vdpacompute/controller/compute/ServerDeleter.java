package org.vdpacompute.controller.compute;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.core.Failures;

/**
 * Deletes a server the API has marked DELETING: the guest destroyed on its host, its devices freed,
 * the user's ports given back (they survive, as in Nova) and the ports made for it deleted.
 *
 * <p>A host that is down cannot be asked to destroy the guest; the server is deleted here anyway
 * (Nova's local delete) and the host's agent, when it comes back, destroys the guests the
 * controller no longer gives it. A host that is up but fails to destroy the guest leaves the server
 * in ERROR with its devices held, since the guest may still be using them.
 */
public final class ServerDeleter {
  private static final Logger LOG = LoggerFactory.getLogger(ServerDeleter.class);

  private final ServerContext c;

  public ServerDeleter(ServerContext context) {
    this.c = context;
  }

  public void delete(String uuid) {
    Optional<Instance> marked = c.instances().instance(uuid).filter(i -> i.taskState() == TaskState.DELETING);
    if (marked.isEmpty()) return;
    Instance instance = marked.get();
    if (instance.host() != null && !destroyGuest(instance, instance.host())) return;
    if (instance.host() != null) c.inventory().free(instance.host(), uuid);
    c.states().removed(uuid);
    // A move the delete cut short may have a guest and a claim on its other host.
    for (Migration m : c.migrations().ofInstance(uuid)) {
      if (m.status().isFinal()) continue;
      for (String other : new String[] {m.sourceHost(), m.destHost()}) {
        if (other == null || other.equals(instance.host())) continue;
        destroyGuest(instance, other);
        c.inventory().free(other, uuid);
      }
      c.states().uncount(m.uuid());
      c.migrations().update(m.with(Migration.Status.ERROR, c.now()));
    }
    c.ports().release(instance);
    var now = c.now();
    if (!c.instances().update(instance.next(instance.host(), VmState.DELETED, null, instance.fault(), List.of(), now,
        instance.launchedAt()))) {
      LOG.warn("instance {} changed while it was deleted", uuid);
    }
    LOG.info("instance {} deleted", uuid);
  }

  /** Whether the guest is gone, or its host is down and will destroy it when it comes back. */
  private boolean destroyGuest(Instance instance, String host) {
    ComputeService service;
    try {
      service = c.services().service(host);
    } catch (org.vdpacompute.core.NotFoundException e) {
      return true;
    }
    try {
      c.agents().destroy(service.agentUrl(), UUID.fromString(instance.uuid()));
      return true;
    } catch (RuntimeException e) {
      if (!c.services().isUp(service)) {
        LOG.warn("host {} is down; instance {} is deleted without it, and its agent destroys the guest when it returns",
            host, instance.uuid());
        return true;
      }
      var now = c.now();
      c.instances().update(instance.next(instance.host(), VmState.ERROR, null,
          new Instance.Fault(500, "Deleting the guest on host " + host + " failed: " + Failures.describe(e), now),
          instance.guestCells(), now, instance.launchedAt()));
      return false;
    }
  }
}

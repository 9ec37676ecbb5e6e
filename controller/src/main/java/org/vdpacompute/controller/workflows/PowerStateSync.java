package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.agent.protocol.GuestSummary;
import org.vdpacompute.agent.protocol.PowerAction;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceStates;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.VmState;

/**
 * Brings the idle servers of one host in line with the guests the host lists ({@link GuestDrift}),
 * as Nova's {@code _sync_power_states}. The servers are read before the host is listed, and each is
 * written with a compare-and-set on the revision it had then: a server that began a task, or changed
 * in any way since, is left alone, so that a guest listed before a move or a build reached the host
 * is never taken for a missing one.
 */
final class PowerStateSync {
  private static final Logger LOG = LoggerFactory.getLogger(PowerStateSync.class);

  private final InstanceStore instances;
  private final Agents agents;
  private final Clock clock;

  PowerStateSync(InstanceStore instances, Agents agents, Clock clock) {
    this.instances = instances;
    this.agents = agents;
    this.clock = clock;
  }

  /**
   * @param guests the host's guests, listed after {@code recorded} was read
   * @param recorded the servers on the host as recorded before the listing
   */
  void sync(String host, List<GuestSummary> guests, List<Instance> recorded) {
    Map<UUID, GuestSummary> byUuid = new HashMap<>();
    for (GuestSummary g : guests) byUuid.put(g.uuid(), g);
    for (Instance i : recorded) {
      if (!host.equals(i.host()) || i.taskState() != null) continue;
      GuestSummary guest = byUuid.get(i.id());
      GuestDrift drift = GuestDrift.of(i.vmState(), guest);
      if (drift == GuestDrift.NONE || !InstanceStates.isSynced(i.vmState())) continue;
      try {
        apply(i, host, drift, guest);
      } catch (RuntimeException e) {
        LOG.warn("the power state sync of instance {} on host {} failed; the next one tries again", i.uuid(), host, e);
      }
    }
  }

  private void apply(Instance i, String host, GuestDrift drift, GuestSummary guest) {
    Instant now = clock.instant();
    switch (drift) {
      case MISSING, BROKEN -> {
        String words = drift.fault(i.uuid(), host, guest);
        if (instances.update(i.synced(VmState.ERROR, new Instance.Fault(SagaRunner.FAULT_CODE, words, now), now))) {
          LOG.warn("instance {} is in ERROR: {}", i.uuid(), words);
        }
      }
      case SHUT_OFF -> {
        if (instances.update(i.synced(VmState.STOPPED, null, now))) {
          LOG.info("the guest of instance {} on host {} shut itself off: the server is stopped", i.uuid(), host);
        }
      }
      case RUNNING_WHILE_STOPPED -> {
        LOG.info("the guest of stopped instance {} runs on host {}: powering it off", i.uuid(), host);
        agents.on(host).power(i.id(), PowerAction.STOP);
      }
      case NONE -> { }
    }
  }
}

package org.vdpacompute.controller.explain;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.placement.ClaimingScheduler;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.HostStates;
import org.vdpacompute.core.pci.PciDevice;
import org.vdpacompute.scheduler.Explanation;
import org.vdpacompute.scheduler.HostFacts;
import org.vdpacompute.scheduler.HostState;
import org.vdpacompute.scheduler.NoValidHostException;
import org.vdpacompute.scheduler.ScheduleRequest;
import org.vdpacompute.scheduler.Scheduler;

/**
 * Why a request fits each host or not, from what the controller keeps: every host's state as the
 * scheduler sees it, and for the hosts refused, the facts their reasons speak of (the service's
 * disabled reason and last heartbeat, the report's vDPA verdict, the devices and the names of the
 * servers holding them). For the administrator's {@code os-scheduling-explain}, and for a build that
 * found no host, whose fault then carries the reasons.
 *
 * <p>Nothing here runs while scheduling succeeds. The servers' names are read from the database once
 * per explanation, so an explanation costs a query; a refusal is rare, and its reasons are worth it.
 */
public final class SchedulingExplainer implements ClaimingScheduler.Explainer {
  /** The most of a fault's details kept: ten thousand refused hosts are not worth a megabyte per failed server. */
  static final int FAULT_DETAILS_MAX = 100_000;
  private static final Logger LOG = LoggerFactory.getLogger(SchedulingExplainer.class);

  private final Scheduler scheduler = new Scheduler();
  private final HostStates states;
  private final ComputeServices services;
  private final HostInventory inventory;
  private final InstanceStore instances;

  public SchedulingExplainer(HostStates states, ComputeServices services, HostInventory inventory, InstanceStore instances) {
    this.states = states;
    this.services = services;
    this.inventory = inventory;
    this.instances = instances;
  }

  /** For every host that has reported, in name order, whether the request fits and why not. */
  public Explanation explain(ScheduleRequest request) {
    List<HostState> hosts = new ArrayList<>();
    states.windows(Integer.MAX_VALUE).forEachRemaining(hosts::addAll);
    hosts.sort(Comparator.comparing(HostState::host));
    Map<String, String> names = new HashMap<>();
    for (Instance i : instances.instances(null)) names.put(i.uuid(), i.name());
    return scheduler.explain(request, hosts, host -> facts(host, names));
  }

  /**
   * The refusal of a build, move or unshelve, explained: the message counts the candidate hosts by
   * reason, the details name each host. Should explaining fail, the scheduler's own refusal stands.
   */
  @Override
  public NoValidHostException explain(ScheduleRequest request, NoValidHostException refusal) {
    try {
      Explanation explanation = explain(request);
      String details = explanation.details();
      if (details.length() > FAULT_DETAILS_MAX) {
        details = details.substring(0, details.lastIndexOf('\n', FAULT_DETAILS_MAX)) + "\n(more hosts left out)";
      }
      // Hosts freed since the refusal would make the explanation say some fit: the refusal's own words then stand.
      return new NoValidHostException(explanation.fitting() == 0 ? explanation.message() : refusal.getMessage(), details);
    } catch (RuntimeException e) {
      LOG.warn("could not explain why no host took instance {}", request.instanceUuid(), e);
      return refusal;
    }
  }

  private HostFacts facts(String host, Map<String, String> allNames) {
    Optional<ComputeService> service = services.known(host);
    Optional<HostReport> report = services.report(host);
    String vdpaUnsupported = report.filter(r -> !r.vdpaSupported()).map(HostReport::vdpaReason).orElse(null);
    String switchDown = report.filter(r -> !r.switchUsable()).map(r -> r.switchStatus().reason()).orElse(null);
    List<PciDevice> devices = inventory.devices(host);
    Map<String, String> names = new HashMap<>();
    for (PciDevice d : devices) {
      if (d.instanceUuid() != null && allNames.containsKey(d.instanceUuid())) names.put(d.instanceUuid(), allNames.get(d.instanceUuid()));
    }
    return new HostFacts(service.map(ComputeService::disabledReason).orElse(null),
        service.map(ComputeService::forcedDown).orElse(false),
        service.map(s -> s.lastSeenAt().truncatedTo(ChronoUnit.SECONDS)).orElse(null), vdpaUnsupported, switchDown,
        devices, names);
  }
}

package org.vdpacompute.controller.workflows;

import java.time.Clock;
import org.vdpacompute.controller.agents.AgentClient;
import org.vdpacompute.controller.agents.Agents;
import org.vdpacompute.controller.image.ImageService;
import org.vdpacompute.controller.model.FlavorService;
import org.vdpacompute.controller.model.InstanceActionStore;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.MigrationStore;
import org.vdpacompute.controller.model.ServerMetadataStore;
import org.vdpacompute.controller.model.UnitOfWork;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.placement.ClaimingScheduler;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.HostStates;
import org.vdpacompute.controller.quota.Quotas;

/**
 * The workflows of servers, put together: what the compute API and the controller's start see of
 * them. Everything behind (the builder, the moves, the saga runner, the recovery) is this
 * package's own, each part given what it works with through its constructor.
 */
public final class Workflows implements AutoCloseable {
  private final Servers servers;
  private final ServerActions actions;
  private final InstanceActions instanceActions;
  private final InstanceTasks tasks;
  private final HostReconciler reconciler;
  private final HostSync hostSync;
  private final Recovery recovery;
  private final ServerMetadata metadata;
  private final ConsoleOutput consoleOutput;
  private final ComputeServices services;

  /**
   * @param taskThreads how many servers are worked on at once in the background; their tasks mostly wait for agents
   * @param hook told of every step boundary of every operation; {@link StepHook#NONE} but in tests
   */
  public Workflows(InstanceStore instances, MigrationStore migrations, InstanceActionStore actionStore, UnitOfWork units,
      FlavorService flavors, NetworkService networks, ImageService images, ComputeServices services,
      HostInventory inventory, HostStates states, ClaimingScheduler scheduler, AgentClient agentClient,
      ComputeSettings settings, Quotas quotas, ServerMetadataStore metadataStore, Clock clock, int taskThreads,
      StepHook hook) {
    Clock micros = new MicrosecondClock(clock);
    this.services = services;
    this.tasks = new InstanceTasks(taskThreads);
    this.instanceActions = new InstanceActions(actionStore, micros);
    Agents agents = new Agents(agentClient, services);
    PortBinder ports = new PortBinder(networks);
    InstancePorts instancePorts = new InstancePorts(networks);
    SagaRunner runner = new SagaRunner(instances, instanceActions, units, micros, hook);
    StaleHoldings stale = new StaleHoldings(services, agents, inventory);
    RecordedGuest guest = new RecordedGuest(agents, inventory, instancePorts, ports, networks);
    Moves moves = new Moves(scheduler, inventory, states, migrations, agents, ports, instancePorts, flavors, settings,
        micros);
    ServerBuilder builder = new ServerBuilder(runner, scheduler, units, inventory, states, agents, ports, instancePorts,
        flavors, micros);
    this.servers = new Servers(instances, networks, flavors, images, services, units, instanceActions, ports,
        instancePorts, builder, new ServerDeleter(instances, migrations, services, inventory, states, agents, ports, stale, micros),
        tasks, quotas, metadataStore, micros);
    this.metadata = new ServerMetadata(servers, metadataStore, quotas, units);
    this.consoleOutput = new ConsoleOutput(servers, agents);
    ServerActions.Operations operations = new ServerActions.Operations(
        new PowerOperations(runner, agents, inventory, instancePorts, guest, stale, micros),
        new ColdMoves(runner, moves, agents, inventory, states, instancePorts, micros),
        new Shelving(runner, agents, inventory, states, ports, settings, micros),
        builder,
        new LiveMigrations(runner, moves, agents, inventory, states, instancePorts, micros),
        new Evacuations(runner, moves, agents, states, instancePorts, micros),
        new InterfaceAttachments(runner, scheduler, inventory, agents, networks, ports, instancePorts, flavors, micros));
    this.actions = new ServerActions(servers, runner, instances, migrations, instanceActions, flavors, networks, services, ports,
        instancePorts, tasks, operations, settings, micros);
    this.reconciler = new HostReconciler(services, agents, instances, migrations, inventory);
    this.hostSync = new HostSync(services, agents, instances, reconciler, new PowerStateSync(instances, agents, micros),
        tasks);
    this.recovery = new Recovery(instances, migrations, inventory, states, agents, moves, ports, guest, micros);
  }

  public Servers servers() {
    return servers;
  }

  /** Servers' console output. */
  public ConsoleOutput consoleOutput() {
    return consoleOutput;
  }

  /** Servers' metadata. */
  public ServerMetadata metadata() {
    return metadata;
  }

  public ServerActions actions() {
    return actions;
  }

  public InstanceActions instanceActions() {
    return instanceActions;
  }

  /** A host (re)registered: it is reconciled in the background, after the registration is answered. */
  public void hostRegistered(String host) {
    reconcileLater(host, true);
  }

  private void reconcileLater(String host, boolean registered) {
    tasks.submit("host:" + host, "reconcile", () -> reconciler.reconcile(host, registered));
  }

  /**
   * The periodic power state sync: each host that is up lists its guests once, and its strays and its
   * servers' power states are brought in line ({@code [compute] sync_power_state_interval}).
   */
  public void syncPowerStates() {
    hostSync.syncAll();
  }

  /**
   * What a controller does once it listens (the agents check its token with it before they answer):
   * the work a stopped controller left half done is recovered, then every host reconciled.
   */
  public void recover() {
    tasks.submit("controller", "recovery", () -> {
      recovery.recover(servers::deleteMarked);
      for (ComputeService s : services.services()) reconcileLater(s.host(), false);
    });
  }

  @Override
  public void close() {
    actions.close();
    tasks.close();
  }
}

package org.vdpacompute.app.controller;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.api.agent.AgentApi;
import org.vdpacompute.api.compute.AggregatesResource;
import org.vdpacompute.api.compute.AvailabilityZonesResource;
import org.vdpacompute.api.compute.ComputeApi;
import org.vdpacompute.api.compute.FlavorsResource;
import org.vdpacompute.api.compute.HypervisorsResource;
import org.vdpacompute.api.compute.InstanceActionsResource;
import org.vdpacompute.api.compute.InterfacesResource;
import org.vdpacompute.api.compute.LimitsResource;
import org.vdpacompute.api.compute.MigrationsResource;
import org.vdpacompute.api.compute.PciDeviceMetrics;
import org.vdpacompute.api.compute.PciDevicesResource;
import org.vdpacompute.api.compute.QuotaSetsResource;
import org.vdpacompute.api.compute.SchedulingExplainResource;
import org.vdpacompute.api.compute.SchedulingMetrics;
import org.vdpacompute.api.compute.ServerActionsResource;
import org.vdpacompute.api.compute.ServerMetadataResource;
import org.vdpacompute.api.compute.ServersResource;
import org.vdpacompute.api.compute.ServicesResource;
import org.vdpacompute.api.compute.SimpleTenantUsageResource;
import org.vdpacompute.api.dashboard.DashboardApi;
import org.vdpacompute.api.http.ApiMetrics;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.HealthcheckApi;
import org.vdpacompute.api.http.MetricsApi;
import org.vdpacompute.api.http.Route;
import org.vdpacompute.api.identity.IdentityApi;
import org.vdpacompute.api.image.ImageApi;
import org.vdpacompute.api.network.NetworkApi;
import org.vdpacompute.api.network.NetworkQuotasResource;
import org.vdpacompute.api.network.SecurityGroupsResource;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.app.config.ListenAddress;
import org.vdpacompute.app.startup.Listeners;
import org.vdpacompute.app.startup.StateLock;
import org.vdpacompute.app.tls.PemTls;
import org.vdpacompute.controller.agents.AgentClient;
import org.vdpacompute.controller.explain.SchedulingExplainer;
import org.vdpacompute.controller.identity.IdentityAdmin;
import org.vdpacompute.controller.identity.IdentityService;
import org.vdpacompute.controller.identity.PasswordHasher;
import org.vdpacompute.controller.identity.PasswordLogin;
import org.vdpacompute.controller.identity.Project;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.identity.ServiceToken;
import org.vdpacompute.controller.image.ImageFiles;
import org.vdpacompute.controller.image.ImageService;
import org.vdpacompute.controller.model.FlavorService;
import org.vdpacompute.controller.model.GroupCommit;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.placement.ClaimingScheduler;
import org.vdpacompute.controller.placement.ComputeService;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.placement.HostInventory;
import org.vdpacompute.controller.placement.HostStates;
import org.vdpacompute.controller.placement.HostUsage;
import org.vdpacompute.controller.placement.PeerChanges;
import org.vdpacompute.controller.quota.Quotas;
import org.vdpacompute.controller.usage.Usages;
import org.vdpacompute.controller.workflows.ComputeSettings;
import org.vdpacompute.controller.workflows.ServerActions;
import org.vdpacompute.controller.workflows.StepHook;
import org.vdpacompute.controller.workflows.Servers;
import org.vdpacompute.controller.workflows.Workflows;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.compute.JdbcComputeServiceStore;
import org.vdpacompute.store.compute.JdbcFlavorStore;
import org.vdpacompute.store.compute.JdbcInstanceActionStore;
import org.vdpacompute.store.compute.JdbcInstanceStore;
import org.vdpacompute.store.compute.JdbcMigrationStore;
import org.vdpacompute.store.compute.JdbcPciDeviceStore;
import org.vdpacompute.store.compute.JdbcPeerChangeStore;
import org.vdpacompute.store.compute.JdbcServerMetadataStore;
import org.vdpacompute.store.compute.JdbcUnitOfWork;
import org.vdpacompute.store.identity.JdbcIdentityStore;
import org.vdpacompute.store.image.JdbcImageStore;
import org.vdpacompute.store.network.JdbcNetworkStore;
import org.vdpacompute.store.quota.JdbcQuotaStore;

/** The control plane of one controller process: the database, the services, the listener. */
public final class ControllerServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerServer.class);
  /** The user compute agents log in as, in project {@code service}. */
  public static final String SERVICE_USER = "vdpa-compute";
  static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
  /** bcrypt's work factor for stored passwords. */
  static final int PASSWORD_COST = 10;
  /** Instances worked on at once in the background; their tasks mostly wait for agents. */
  static final int INSTANCE_TASK_THREADS = 16;
  /** How often the placements kept in memory are read again from the database. */
  static final Duration PLACEMENTS_REFRESH = Duration.ofSeconds(60);
  /**
   * How often the services kept in memory are read again from the database: other controllers'
   * changes and heartbeats show here within this (a host is down only after six missed beats).
   */
  static final Duration SERVICES_REFRESH = Duration.ofSeconds(5);
  /**
   * How often the hosts' device generations are read, and a host's devices read again when another
   * controller changed them: each controller's os-pci-devices and scheduler agree with the
   * database within this.
   */
  static final Duration DEVICES_REFRESH = Duration.ofSeconds(1);
  /**
   * How often this controller tells the others, through the database, that it changed hosts' devices
   * or services: they read the hosts again only then.
   */
  static final Duration CHANGES_PUBLISH = Duration.ofMillis(250);
  /** How long heartbeats wait in memory to be written together. */
  static final Duration HEARTBEAT_WRITES = Duration.ofSeconds(1);
  /** The most registrations one commit takes in. */
  static final int REGISTRATIONS_PER_COMMIT = 64;

  private final Database database;
  private final PeerChanges peers;
  private final StateLock lock;
  private final ApiServer api;
  private final IdentityService identity;
  private final FlavorService flavors;
  private final NetworkService networks;
  private final ImageService images;
  private final Workflows workflows;
  private final Chores chores;
  private final ComputeServices services;

  private ControllerServer(Database database, StateLock lock, ApiServer api, IdentityService identity,
      FlavorService flavors, NetworkService networks, ImageService images, Workflows workflows,
      Chores chores, ComputeServices services, PeerChanges peers) {
    this.lock = lock;
    this.peers = peers;
    this.services = services;
    this.workflows = workflows;
    this.chores = chores;
    this.images = images;
    this.database = database;
    this.api = api;
    this.identity = identity;
    this.flavors = flavors;
    this.networks = networks;
  }

  public ImageService images() {
    return images;
  }

  public NetworkService networks() {
    return networks;
  }

  public FlavorService flavors() {
    return flavors;
  }

  /**
   * Binds the listener, takes the state directory, opens (and migrates) the database, makes the
   * admin and service users, and serves. Binding and locking come first, so that an address in use
   * or a directory another process holds stop the start before anything is written.
   *
   * @throws org.vdpacompute.app.startup.AddressUnavailableException if {@code [api] listen} cannot be bound
   * @throws org.vdpacompute.app.startup.StateDirectoryInUseException if another process uses the state path
   */
  public static ControllerServer start(Configuration config) {
    return start(config, Clock.systemUTC());
  }

  /** {@link #start(Configuration)} on the given clock (token expiry, heartbeats, timestamps). */
  public static ControllerServer start(Configuration config, Clock clock) {
    return start(config, clock, StepHook.NONE);
  }

  /**
   * {@link #start(Configuration, Clock)} with a hook told of every step boundary of every operation:
   * for the tests that kill a controller or an agent at each of them.
   */
  public static ControllerServer start(Configuration config, Clock clock, StepHook hook) {
    ListenAddress listen = config.api().listen();
    // The certificate and key are read before anything else, so that a bad file stops the start as early.
    SSLContext tls = config.api().https() ? PemTls.server(config.api().certFile(), config.api().keyFile(),
        "[api] cert_file and key_file in " + config.source()) : null;
    ApiServer api = Listeners.bind(listen.toString(), "[api] listen in " + config.source(),
        () -> ApiServer.listen(listen.host(), listen.port(), tls));
    StateLock lock;
    Database database;
    try {
      lock = StateLock.acquire(config.defaults().statePath(), "[DEFAULT] state_path in " + config.source());
      try {
        database = Database.open(config.database().connection());
      } catch (RuntimeException e) {
        lock.close();
        throw e;
      }
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
    try {
      JdbcIdentityStore identityStore = new JdbcIdentityStore(database);
      PasswordHasher hasher = new PasswordHasher(PASSWORD_COST);
      IdentityService identity = new IdentityService(identityStore, hasher, clock, TOKEN_LIFETIME);
      identity.bootstrap("admin", "admin", config.identity().adminPassword(), Role.ADMIN);
      identity.bootstrap("service", SERVICE_USER, config.identity().servicePassword(), Role.SERVICE);
      FlavorService flavors = new FlavorService(new JdbcFlavorStore(database), config.pci().alias());
      ComputeServices services = new ComputeServices(new JdbcComputeServiceStore(database), clock);
      JdbcUnitOfWork units = new JdbcUnitOfWork(database);
      // Hosts register by the thousand when a cloud (or this controller) starts: one commit for those that arrive together.
      GroupCommit registrations = new GroupCommit(units, REGISTRATIONS_PER_COMMIT);
      Quotas quotas = new Quotas(new JdbcQuotaStore(database), units);
      // SecureRandom: one service serves every request thread, and it is safe to share.
      NetworkService networks = new NetworkService(new JdbcNetworkStore(database), clock, new SecureRandom(),
          quotas::insertWithin);
      ImageService images = new ImageService(new JdbcImageStore(database),
          new ImageFiles(config.defaults().statePath().resolve("images")), clock);
      HostInventory inventory = new HostInventory(new JdbcPciDeviceStore(database), units);
      JdbcInstanceStore instances = new JdbcInstanceStore(database);
      for (ComputeService s : services.services()) {
        services.report(s.host()).ifPresent(inventory::recall);
      }
      JdbcMigrationStore migrations = new JdbcMigrationStore(database);
      HostStates states = new HostStates(services, inventory, instances, migrations);
      states.reload();
      states.prepareAll();
      ApiMetrics metrics = new ApiMetrics();
      PciDeviceMetrics.register(metrics, services, inventory);
      SchedulingExplainer explainer = new SchedulingExplainer(states, services, inventory, instances);
      ClaimingScheduler scheduler = new ClaimingScheduler(states, inventory, units, SchedulingMetrics.register(metrics),
          explainer);
      AgentClient agents = new AgentClient(new ServiceToken(identity, new PasswordLogin(null, SERVICE_USER,
          IdentityService.DEFAULT_DOMAIN_ID, config.identity().servicePassword(), null, "service",
          IdentityService.DEFAULT_DOMAIN_ID), clock));
      Workflows workflows = new Workflows(instances, migrations, new JdbcInstanceActionStore(database), units, flavors,
          networks, images, services, inventory, states, scheduler, agents,
          new ComputeSettings(config.compute().allowResizeToSameHost(), config.compute().shelvedOffloadTime()), quotas,
          new JdbcServerMetadataStore(database), clock, INSTANCE_TASK_THREADS, hook);
      Servers servers = workflows.servers();
      ServerActions serverActions = workflows.actions();

      Predicate<String> projectExists = id -> identity.project(id).isPresent();
      Chores chores = new Chores();
      // What other controllers changed reaches this one's caches: devices within a second, services within seconds,
      // placements within a minute. Devices and services are read again only when another controller changed some.
      PeerChanges peers = new PeerChanges(new JdbcPeerChangeStore(database), UUID.randomUUID().toString(),
          database::sharedChanges);
      PeerChanges.Watch servicesWatch = peers.watch();
      PeerChanges.Watch devicesWatch = peers.watch();
      chores.refresh(HEARTBEAT_WRITES, "writing heartbeats", services::writeHeartbeats);
      chores.publish(CHANGES_PUBLISH, "publishing this controller's changes", peers::publish);
      chores.refresh(SERVICES_REFRESH, "reading the compute services", () -> servicesWatch.ifOthersChanged(
          services::refresh));
      chores.refresh(PLACEMENTS_REFRESH, "reading the placements", states::reload);
      chores.refresh(DEVICES_REFRESH, "reading the devices other controllers changed",
          () -> devicesWatch.ifOthersChanged(() -> inventory.refresh(services::report)));
      config.compute().powerStateSync().ifPresent(interval ->
          chores.refresh(interval, "syncing the power states", workflows::syncPowerStates));
      api.serve(config.api().publicUrlText(), identity::validate, metrics, List.of(new IdentityApi(identity,
              IdentityApi.administration(new IdentityAdmin(identityStore, hasher, Set.of("admin", "service"),
                  Set.of("admin", SERVICE_USER)))),
              new MetricsApi(metrics), new HealthcheckApi(),
              new ComputeApi(List.of(new FlavorsResource(flavors, projectExists),
                  new QuotaSetsResource(quotas, projectExists), new LimitsResource(quotas),
                  new ServerMetadataResource(workflows.metadata()), new ServicesResource(services),
                  new HypervisorsResource(services, host -> HostUsage.of(states.on(host)), instances::onHost),
                  new AvailabilityZonesResource(services), new AggregatesResource(),
                  new SimpleTenantUsageResource(new Usages(instances, clock)),
                  new ServersResource(servers, workflows.metadata(), networks, host -> isUp(services, host)),
                  new ServerActionsResource(serverActions, workflows.consoleOutput()), new InterfacesResource(servers, serverActions),
                  new MigrationsResource(migrations), new InstanceActionsResource(servers, workflows.instanceActions()),
                  new PciDevicesResource(services, inventory), new SchedulingExplainResource(servers, explainer::explain))),
              new NetworkApi(networks, List.of(new NetworkQuotasResource(quotas, projectExists),
                  new SecurityGroupsResource(() -> identityStore.projects().stream().map(Project::id).toList()))),
              new DashboardApi(),
              new ImageApi(images),
              new AgentApi(services, report -> {
                // Its devices with it, in one commit: a report they cannot be taken from registers nothing.
                ComputeService service = services.register(report, registrations, () -> inventory.report(report));
                states.prepare(report.host());
                // After the answer, so that the agent has its listener up when it is called.
                workflows.hostRegistered(report.host());
                return service;
              })));
      LOG.info("controller listening on {}:{} ({}), database {}", config.api().listen().host(), api.port(), api.baseUrl(),
          database.url());
      // Once listening: the agents check this controller's token with it before they answer.
      workflows.recover();
      return new ControllerServer(database, lock, api, identity, flavors, networks, images, workflows, chores,
          services, peers);
    } catch (RuntimeException e) {
      api.close();
      database.close();
      lock.close();
      throw e;
    }
  }

  public IdentityService identity() {
    return identity;
  }

  public int port() {
    return api.port();
  }

  /** Every route the listener serves, with the access each declared. */
  public List<Route> routes() {
    return api.routes();
  }

  private static boolean isUp(ComputeServices services, String host) {
    return services.known(host).map(services::isUp).orElse(false);
  }

  @Override
  public void close() {
    api.close();
    chores.close();
    workflows.close();
    Chores.runLogged("writing the last heartbeats", services::writeHeartbeats);
    Chores.runLogged("taking this controller's change count out", peers::leave);
    database.close();
    lock.close();
  }
}

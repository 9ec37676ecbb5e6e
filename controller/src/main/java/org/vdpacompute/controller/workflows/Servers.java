package org.vdpacompute.controller.workflows;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.image.Image;
import org.vdpacompute.controller.image.ImageService;
import org.vdpacompute.controller.image.ImageStatus;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.FlavorService;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceAction;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.ServerMetadataStore;
import org.vdpacompute.controller.model.TaskState;
import org.vdpacompute.controller.model.UnitOfWork;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.PortInUseException;
import org.vdpacompute.controller.placement.ComputeServices;
import org.vdpacompute.controller.quota.QuotaResource;
import org.vdpacompute.controller.quota.Quotas;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.scheduler.ScheduleRequest;

/**
 * The servers of the compute API: what a create asks for is checked and recorded at once (ports
 * reserved for the server, ports made on the networks it names, its PCI requests worked out), and
 * the build, which takes those ports and requests as they are, and the delete run in the
 * background, one task of a server at a time.
 */
public final class Servers {
  private static final Logger LOG = LoggerFactory.getLogger(Servers.class);
  /** Tries of a delete against other writers of the server before it is refused. */
  private static final int MAX_DELETE_ATTEMPTS = 10;
  /** How long the API waits for a delete that has no host to ask: it reads and writes the database only. */
  private static final Duration LOCAL_DELETE_WAIT = Duration.ofSeconds(30);

  private final InstanceStore instances;
  private final NetworkService networks;
  private final FlavorService flavors;
  private final ImageService images;
  private final ComputeServices services;
  private final UnitOfWork units;
  private final InstanceActions actions;
  private final PortBinder ports;
  private final InstancePorts instancePorts;
  private final ServerBuilder builder;
  private final ServerDeleter deleter;
  private final InstanceTasks tasks;
  private final Quotas quotas;
  private final ServerMetadataStore metadata;
  private final Clock clock;

  Servers(InstanceStore instances, NetworkService networks, FlavorService flavors, ImageService images,
      ComputeServices services, UnitOfWork units, InstanceActions actions, PortBinder ports, InstancePorts instancePorts,
      ServerBuilder builder, ServerDeleter deleter, InstanceTasks tasks, Quotas quotas, ServerMetadataStore metadata,
      Clock clock) {
    this.instances = instances;
    this.networks = networks;
    this.flavors = flavors;
    this.images = images;
    this.services = services;
    this.units = units;
    this.actions = actions;
    this.ports = ports;
    this.instancePorts = instancePorts;
    this.builder = builder;
    this.deleter = deleter;
    this.tasks = tasks;
    this.quotas = quotas;
    this.metadata = metadata;
    this.clock = clock;
  }

  /**
   * Records a new server and queues its build.
   *
   * @throws InvalidValueException for an unknown flavor, image, port or network
   * @throws PortInUseException when a port is another server's
   * @throws ConflictException when a compute host is too old for vDPA ports, or the network is ambiguous
   * @throws org.vdpacompute.controller.quota.QuotaExceededException when the server would take its
   *     project over its quota of instances, cores or RAM, or its metadata over metadata_items
   */
  public Instance create(ServerRequest r) {
    Asked asked = asked(r);
    Image image = image(r.imageRef(), r.projectId());
    Flavor flavor = asked.flavor();
    Map<String, String> items = ServerMetadata.check(r.metadata());
    // Refused before any port is made for it; the quota is checked again below, where it counts.
    quotas.checkServer(r.projectId(), quota(flavor), items.size());
    List<Port> userPorts = asked.userPorts();
    List<ServerRequest.Nic> nics = asked.nics();
    String uuid = UUID.randomUUID().toString();
    List<String> portIds = new ArrayList<>();
    List<String> created = new ArrayList<>();
    try {
      List<Port> madeForServer = new ArrayList<>();
      for (ServerRequest.Nic nic : nics) {
        if (nic.portId() != null) {
          portIds.add(nic.portId());
        } else {
          Port p = networks.createPort(new NetworkService.PortRequest("", nic.networkId(), r.projectId(), null, null,
              nic.fixedIp() == null ? null : List.of(new Port.FixedIp(null, nic.fixedIp())), null, uuid, "compute:nova"));
          portIds.add(p.id());
          created.add(p.id());
          madeForServer.add(p);
        }
      }
      Instance instance = Instance.accepted(uuid, r.name(), r.projectId(), r.userId(), flavor, image.id(), portIds, created,
          clock.instant());
      // Its room in the project's quota taken, the user's ports reserved, the server and its action
      // recorded: one commit, or none of it.
      Accepted accepted = units.run(() -> {
        quotas.claim(r.projectId(), quota(flavor));
        // Over the ports as read above; each read again only if it changed since.
        List<Port> reserved = new ArrayList<>();
        for (Port p : userPorts) reserved.add(networks.reserve(p, uuid));
        instances.insert(instance);
        if (!items.isEmpty()) metadata.put(uuid, items);
        return new Accepted(actions.start(uuid, "create", r.projectId(), r.userId()), reserved);
      });
      List<PortOnNetwork> inOrder = inGuestOrder(portIds, accepted.reserved(), madeForServer);
      tasks.submit(uuid, "build", () -> builder.build(instance, accepted.action(), inOrder, asked.pci()));
      LOG.info("instance {} ({}) accepted with ports {}", uuid, r.name(), portIds);
      return instance;
    } catch (RuntimeException e) {
      ports.release(uuid, portIds, created);
      throw e;
    }
  }

  /** What one server counts in its project's compute quota. */
  private static Map<QuotaResource, Long> quota(Flavor flavor) {
    return Map.of(QuotaResource.INSTANCES, 1L, QuotaResource.CORES, (long) flavor.vcpus(), QuotaResource.RAM,
        (long) flavor.ramMb());
  }

  /** The action of an accepted server and its ports as reserved for it. */
  private record Accepted(InstanceAction action, List<Port> reserved) {}

  /** The server's ports, as they now are, with their networks, in the order of its {@code networks}. */
  private List<PortOnNetwork> inGuestOrder(List<String> portIds, List<Port> reserved, List<Port> made) {
    List<PortOnNetwork> inOrder = new ArrayList<>(portIds.size());
    for (String id : portIds) {
      Port p = reserved.stream().filter(x -> x.id().equals(id)).findFirst()
          .orElseGet(() -> made.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow());
      inOrder.add(new PortOnNetwork(p, networks.networkOf(p)));
    }
    return inOrder;
  }

  /**
   * What the scheduler would be asked for a server of this create, read and checked as
   * {@link #create} reads and checks it (name and image aside); nothing is recorded.
   */
  public ScheduleRequest scheduleRequest(ServerRequest r) {
    Asked asked = asked(r);
    return ServerPciRequests.scheduling("(not created)", asked.flavor(), asked.pci(), Set.of(), Set.of());
  }

  /**
   * A create's flavor and network interfaces, each checked: the flavor known, the ports the caller's
   * and free, the networks visible, the devices of the ports and the flavor's aliases ones this cloud
   * can serve, and every compute host recent enough for vDPA ports.
   */
  private record Asked(Flavor flavor, List<ServerRequest.Nic> nics, List<Port> userPorts, List<PciRequest> pci) {}

  private Asked asked(ServerRequest r) {
    Caller caller = new Caller(r.projectId(), r.userId(), r.callerIsAdmin());
    Flavor flavor = flavor(r.flavorRef(), caller);
    List<Port> userPorts = new ArrayList<>();
    List<ServerRequest.Nic> nics = r.autoNetwork() ? List.of(new ServerRequest.Nic(null, autoNetwork(r).id(), null)) : r.nics();
    List<PortOnNetwork> withDevices = new ArrayList<>();
    for (ServerRequest.Nic nic : nics) {
      if (nic.portId() != null) {
        Port p = visiblePort(nic.portId(), caller);
        if (p.inUse()) throw new PortInUseException(p);
        if (userPorts.stream().anyMatch(u -> u.id().equals(p.id()))) {
          throw new InvalidValueException("Port " + p.id() + " is listed more than once in networks.");
        }
        userPorts.add(p);
        withDevices.add(new PortOnNetwork(p, networks.networkOf(p)));
      } else {
        visibleNetwork(nic.networkId(), caller);
      }
    }
    // Worked out once, here: fails now, with the reason, for a flavor alias or a port this cloud
    // cannot serve, and the build claims for exactly these (the ports made on networks need no device).
    List<PciRequest> pci = ServerPciRequests.of(flavor, withDevices, flavors.aliases());
    if (withDevices.stream().anyMatch(p -> p.port().vnicType() == VnicType.VDPA)) {
      services.oldest().ifPresent(s -> VdpaGate.check(VdpaOperation.BOOT, s.version(), s.host()));
    }
    return new Asked(flavor, nics, userPorts, pci);
  }

  /** A server the caller may see; another project's is as good as missing. */
  public Instance server(String uuid, String projectId, boolean callerIsAdmin) {
    return instances.instance(uuid)
        .filter(i -> i.vmState() != VmState.DELETED)
        .filter(i -> callerIsAdmin || i.projectId().equals(projectId))
        .orElseThrow(() -> new NotFoundException("Instance " + uuid + " could not be found."));
  }

  /**
   * Renames a server the caller may see (Nova's server update), whatever it is doing: a name is no
   * part of a task's state. The server as it then is.
   */
  public Instance rename(String uuid, Caller who, String name) {
    Instance i = server(uuid, who.projectId(), who.admin());
    if (!instances.rename(i.uuid(), name, clock.instant())) {
      throw new NotFoundException("Instance " + uuid + " could not be found.");
    }
    return server(uuid, who.projectId(), who.admin());
  }

  /** The servers of a project, or of every project when {@code projectId} is null. */
  public List<Instance> servers(String projectId) {
    return instances.instances(projectId).stream().filter(i -> i.vmState() != VmState.DELETED).toList();
  }

  /**
   * Marks the server DELETING and queues the delete; asking again while it runs changes nothing. A
   * server with no guest anywhere (never placed, or offloaded) and nothing in progress is deleted
   * before this returns, as Nova's local delete: a GET after the answer finds it gone.
   */
  public void delete(String uuid, Caller who) {
    for (int attempt = 0; attempt < MAX_DELETE_ATTEMPTS; attempt++) {
      Instance i = server(uuid, who.projectId(), who.admin());
      if (i.taskState() == TaskState.DELETING) return;
      if (instances.update(i.begin(TaskState.DELETING, clock.instant()))) {
        actions.start(uuid, "delete", who.projectId(), who.userId());
        CompletableFuture<Void> deleting = deleteMarked(uuid);
        if (i.host() == null && i.taskState() == null) awaitLocalDelete(uuid, deleting);
        return;
      }
    }
    throw new ConflictException("Instance " + uuid + " keeps changing; try the delete again.");
  }

  /** Waits for a delete that touches no host; one that takes longer than that goes on in the background. */
  private static void awaitLocalDelete(String uuid, CompletableFuture<Void> deleting) {
    try {
      deleting.get(LOCAL_DELETE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("the local delete of instance {} goes on in the background", uuid, e);
    }
  }

  /** Queues the delete of a server already marked DELETING (by a controller that stopped). */
  CompletableFuture<Void> deleteMarked(String uuid) {
    return tasks.submit(uuid, "delete", () -> deleter.delete(uuid));
  }

  /** The ports of a server with their networks, in its order. */
  public List<PortOnNetwork> ports(Instance instance) {
    return instancePorts.of(instance);
  }

  /** A flavor the caller may boot with: a private one only when it is shared with the caller's project. */
  private Flavor flavor(String ref, Caller who) {
    try {
      return flavors.visibleFlavor(ref, who.projectId(), who.admin());
    } catch (NotFoundException e) {
      throw new InvalidValueException("Flavor " + ref + " could not be found.");
    }
  }

  private Image image(String ref, String projectId) {
    Image image;
    try {
      image = images.image(ref, projectId);
    } catch (NotFoundException e) {
      throw new InvalidValueException("Image " + ref + " could not be found.");
    }
    if (image.status() != ImageStatus.ACTIVE) {
      throw new InvalidValueException("Image " + ref + " is not active (it is " + image.status() + ").");
    }
    return image;
  }

  /** A port the caller may use: its project's, or any for an administrator; else as good as missing (400). */
  Port visiblePort(String id, Caller who) {
    try {
      Port p = networks.port(id);
      if (who.admin() || p.projectId().equals(who.projectId())) return p;
    } catch (NotFoundException e) {
      // answered below, as for another project's port
    }
    throw new InvalidValueException("Port " + id + " could not be found.");
  }

  /** A network the caller may put a port on: its project's, a shared one, or any for an administrator. */
  Network visibleNetwork(String id, Caller who) {
    try {
      Network n = networks.network(id);
      if (who.admin() || n.shared() || n.projectId().equals(who.projectId())) return n;
    } catch (NotFoundException e) {
      // answered below
    }
    throw new InvalidValueException("Network " + id + " could not be found.");
  }

  private Network autoNetwork(ServerRequest r) {
    List<Network> visible = networks.networks(r.projectId());
    if (visible.isEmpty()) {
      throw new InvalidValueException("No network is available to project " + r.projectId()
          + "; create one, or boot with networks 'none'.");
    }
    if (visible.size() > 1) {
      throw new ConflictException("Multiple possible networks found, use a Network ID to be more specific.");
    }
    return visible.get(0);
  }
}

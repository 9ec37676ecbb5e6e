package org.vdpacompute.controller.compute;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.compute.ServerPciRequests.PortOnNetwork;
import org.vdpacompute.controller.image.Image;
import org.vdpacompute.controller.image.ImageService;
import org.vdpacompute.controller.image.ImageStatus;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.PortInUseException;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.pci.request.PciRequest;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.scheduler.ScheduleRequest;

/**
 * The servers of the compute API: what a create asks for is checked and recorded at once (ports
 * reserved for the server, ports made on the networks it names), and the build and the delete run
 * in the background, one task of a server at a time.
 */
public final class Servers {
  private static final Logger LOG = LoggerFactory.getLogger(Servers.class);

  private final ServerContext c;
  private final ImageService images;
  private final ServerBuilder builder;
  private final ServerDeleter deleter;
  private final InstanceTasks tasks;

  public Servers(ServerContext context, ImageService images, InstanceTasks tasks) {
    this.c = context;
    this.images = images;
    this.builder = new ServerBuilder(context);
    this.deleter = new ServerDeleter(context);
    this.tasks = tasks;
  }

  /**
   * Records a new server and queues its build.
   *
   * @throws InvalidValueException for an unknown flavor, image, port or network
   * @throws PortInUseException when a port is another server's
   * @throws ConflictException when a compute host is too old for vDPA ports, or the network is ambiguous
   */
  public Instance create(ServerRequest r) {
    Asked asked = asked(r);
    Image image = image(r.imageRef(), r.projectId());
    Flavor flavor = asked.flavor();
    List<Port> userPorts = asked.userPorts();
    List<ServerRequest.Nic> nics = asked.nics();
    String uuid = UUID.randomUUID().toString();
    List<String> portIds = new ArrayList<>();
    List<String> created = new ArrayList<>();
    try {
      for (ServerRequest.Nic nic : nics) {
        if (nic.portId() != null) {
          portIds.add(nic.portId());
        } else {
          Port p = c.networks().createPort(new NetworkService.PortRequest("", nic.networkId(), r.projectId(), null, null,
              nic.fixedIp() == null ? null : List.of(new Port.FixedIp(null, nic.fixedIp())), null, uuid, "compute:nova"));
          portIds.add(p.id());
          created.add(p.id());
        }
      }
      Instant now = c.now();
      Instance instance = new Instance(uuid, r.name(), r.projectId(), r.userId(), flavor, image.id(), portIds, created, null,
          VmState.BUILDING, TaskState.SCHEDULING, null, List.of(), now, now, null, 1);
      // The user's ports reserved, the server and its action recorded: one commit, or none of it.
      InstanceAction action = c.units().run(() -> {
        // Over the ports as read above; each read again only if it changed since.
        userPorts.forEach(p -> c.networks().reserve(p, uuid));
        c.instances().insert(instance);
        return c.actions().start(uuid, "create", r.projectId(), r.userId());
      });
      tasks.submit(uuid, "build", () -> builder.build(uuid, action));
      LOG.info("instance {} ({}) accepted with ports {}", uuid, r.name(), portIds);
      return instance;
    } catch (RuntimeException e) {
      c.ports().release(uuid, portIds, created);
      throw e;
    }
  }

  /**
   * What the scheduler would be asked for a server of this create, read and checked as
   * {@link #create} reads and checks it (name and image aside); nothing is recorded.
   */
  public ScheduleRequest scheduleRequest(ServerRequest r) {
    Asked asked = asked(r);
    Flavor f = asked.flavor();
    return ScheduleRequest.of("(not created)", f.vcpus(), f.ramMb(), f.diskGb(), ServerBuilder.numaNodes(f), asked.pci());
  }

  /**
   * A create's flavor and network interfaces, each checked: the flavor known, the ports the caller's
   * and free, the networks visible, the devices of the ports and the flavor's aliases ones this cloud
   * can serve, and every compute host recent enough for vDPA ports.
   */
  private record Asked(Flavor flavor, List<ServerRequest.Nic> nics, List<Port> userPorts, List<PciRequest> pci) {}

  private Asked asked(ServerRequest r) {
    Caller caller = new Caller(r.projectId(), r.userId(), r.callerIsAdmin());
    Flavor flavor = flavor(r.flavorRef());
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
        withDevices.add(new PortOnNetwork(p, c.networks().networkOf(p)));
      } else {
        visibleNetwork(nic.networkId(), caller);
      }
    }
    // Fails now, with the reason, for a flavor alias or a port this cloud cannot serve.
    List<PciRequest> pci = ServerPciRequests.of(flavor, withDevices, c.flavors().aliases());
    if (withDevices.stream().anyMatch(p -> p.port().vnicType() == VnicType.VDPA)) {
      c.services().oldest().ifPresent(s -> VdpaGate.check(VdpaOperation.BOOT, s.version(), s.host()));
    }
    return new Asked(flavor, nics, userPorts, pci);
  }

  /** A server the caller may see; another project's is as good as missing. */
  public Instance server(String uuid, String projectId, boolean callerIsAdmin) {
    return c.instances().instance(uuid)
        .filter(i -> i.vmState() != VmState.DELETED)
        .filter(i -> callerIsAdmin || i.projectId().equals(projectId))
        .orElseThrow(() -> new NotFoundException("Instance " + uuid + " could not be found."));
  }

  /** The servers of a project, or of every project when {@code projectId} is null. */
  public List<Instance> servers(String projectId) {
    return c.instances().instances(projectId).stream().filter(i -> i.vmState() != VmState.DELETED).toList();
  }

  /** Marks the server DELETING and queues the delete; asking again while it runs changes nothing. */
  public void delete(String uuid, Caller who) {
    for (int attempt = 0; attempt < 10; attempt++) {
      Instance i = server(uuid, who.projectId(), who.admin());
      if (i.taskState() == TaskState.DELETING) return;
      if (c.instances().update(i.next(i.host(), i.vmState(), TaskState.DELETING, i.fault(), i.guestCells(), c.now(), i.launchedAt()))) {
        c.actions().start(uuid, "delete", who.projectId(), who.userId());
        tasks.submit(uuid, "delete", () -> deleter.delete(uuid));
        return;
      }
    }
    throw new ConflictException("Instance " + uuid + " keeps changing; try the delete again.");
  }

  /** Queues the delete of a server already marked DELETING (by a controller that stopped). */
  public void deleteMarked(String uuid) {
    tasks.submit(uuid, "delete", () -> deleter.delete(uuid));
  }

  /** The ports of a server with their networks, in its order. */
  public List<PortOnNetwork> ports(Instance instance) {
    return c.portsOf(instance);
  }

  private Flavor flavor(String ref) {
    try {
      return c.flavors().flavor(ref);
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
  public Port visiblePort(String id, Caller who) {
    try {
      Port p = c.networks().port(id);
      if (who.admin() || p.projectId().equals(who.projectId())) return p;
    } catch (NotFoundException e) {
      // answered below, as for another project's port
    }
    throw new InvalidValueException("Port " + id + " could not be found.");
  }

  /** A network the caller may put a port on: its project's, a shared one, or any for an administrator. */
  public Network visibleNetwork(String id, Caller who) {
    try {
      Network n = c.networks().network(id);
      if (who.admin() || n.shared() || n.projectId().equals(who.projectId())) return n;
    } catch (NotFoundException e) {
      // answered below
    }
    throw new InvalidValueException("Network " + id + " could not be found.");
  }

  private Network autoNetwork(ServerRequest r) {
    List<Network> visible = c.networks().networks(r.projectId());
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

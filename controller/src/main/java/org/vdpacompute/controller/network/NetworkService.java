package org.vdpacompute.controller.network;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.vdpacompute.controller.quota.QuotaResource;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.core.pci.request.VnicType;

/**
 * Networks, subnets and ports as Neutron keeps them, with what compute needs of them: binding a
 * port to a host and a device, and unbinding it. Authorization is the API's job; this checks that
 * what is asked makes sense.
 */
public final class NetworkService {
  /** Neutron's base MAC: locally administered and unicast. */
  private static final String MAC_PREFIX = "fa:16:3e";
  private static final Set<String> NETWORK_TYPES = Set.of("vlan", "flat", "vxlan", "geneve", "local");
  /**
   * How often a port create chooses again after losing its chosen address to a concurrent one.
   * Every loss means another port got an address, so this bounds the racers one create survives;
   * Neutron's database retries stop at 20 too.
   */
  static final int MAX_PORT_CREATE_ATTEMPTS = 20;
  /** Port create attempts that guess an address at random before reading which are in use. */
  static final int RANDOM_ADDRESS_GUESSES = 3;
  /** How often a port change is written again after another writer changed the port in between. */
  private static final int MAX_PORT_UPDATE_ATTEMPTS = 10;

  private final NetworkStore store;
  private final Clock clock;
  private final RandomGenerator random;
  private final QuotaGate quotas;
  /**
   * Networks by id, as read once. A network never changes once made (there is no update), and
   * while a port exists its network does too (the database's foreign key refuses the delete), so
   * the network of a port just read is served from here, whichever controller made it, and is
   * never stale. One another controller deleted stays here, reached only by callers that the
   * database stops (see {@link #knownNetwork}).
   */
  private final Map<String, Network> known = new ConcurrentHashMap<>();

  /** A service whose creates are not limited by quotas. */
  public NetworkService(NetworkStore store, Clock clock, RandomGenerator random) {
    this(store, clock, random, QuotaGate.NONE);
  }

  /** @param quotas what a create of a network, subnet or port takes room in its project's quota through */
  public NetworkService(NetworkStore store, Clock clock, RandomGenerator random, QuotaGate quotas) {
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.quotas = quotas;
  }

  /**
   * Where a create of a network, subnet or port takes room in its project's quota: the insert
   * runs within, in one transaction with the check.
   */
  @FunctionalInterface
  public interface QuotaGate {
    /** No quota: the insert runs as it is. */
    QuotaGate NONE = (projectId, resource, insert) -> insert.run();

    void insertWithin(String projectId, QuotaResource resource, Runnable insert);
  }

  /** What a network create asks for; null fields take Neutron's defaults. */
  public record NetworkRequest(String name, String projectId, String networkType, String physicalNetwork,
      Integer segmentationId, Boolean shared, Integer mtu) {}

  public Network createNetwork(NetworkRequest r) {
    String type = r.networkType() == null ? (r.physicalNetwork() == null ? "geneve" : "flat")
        : r.networkType().toLowerCase(Locale.ROOT);
    if (!NETWORK_TYPES.contains(type)) {
      throw new InvalidValueException("provider:network_type '" + r.networkType() + "' is not one of " + NETWORK_TYPES);
    }
    boolean physical = type.equals("vlan") || type.equals("flat");
    if (physical && (r.physicalNetwork() == null || r.physicalNetwork().isBlank())) {
      throw new InvalidValueException("provider:physical_network is required for a " + type + " network");
    }
    if (!physical && r.physicalNetwork() != null) {
      throw new InvalidValueException("a " + type + " network has no provider:physical_network");
    }
    Integer segment = r.segmentationId();
    if (type.equals("vlan") && (segment == null || segment < 1 || segment > 4094)) {
      throw new InvalidValueException("provider:segmentation_id must be a VLAN id 1 to 4094, not " + segment);
    }
    if ((type.equals("flat") || type.equals("local")) && segment != null) {
      throw new InvalidValueException("a " + type + " network has no provider:segmentation_id");
    }
    Network n = new Network(newId(), r.name() == null ? "" : r.name(), r.projectId(), type, r.physicalNetwork(),
        segment, Boolean.TRUE.equals(r.shared()), true, mtu(r.mtu()), now());
    quotas.insertWithin(n.projectId(), QuotaResource.NETWORK, () -> store.insertNetwork(n));
    return n;
  }

  /** The MTU of a network without one, Neutron's {@code global_physnet_mtu} default. */
  static final int DEFAULT_MTU = 1500;
  /** The smallest MTU an IPv4 host must take (RFC 791), under which no subnet of ours would work. */
  static final int MIN_MTU = 68;
  /** The largest IP packet there is; a link MTU above it is a mistake. */
  static final int MAX_MTU = 65535;

  /**
   * The MTU asked for: none or 0 (which Neutron also takes for "not set") is the default; a
   * negative one, one under IPv4's minimum or over an IP packet's maximum is refused.
   */
  private static int mtu(Integer asked) {
    if (asked == null || asked == 0) return DEFAULT_MTU;
    if (asked < 0) throw new InvalidValueException("Invalid input for mtu. Reason: '" + asked + "' should be non-negative.");
    if (asked < MIN_MTU || asked > MAX_MTU) {
      throw new InvalidValueException("Invalid input for mtu. Reason: " + asked + " is not between " + MIN_MTU
          + " (IPv4's minimum) and " + MAX_MTU + ".");
    }
    return asked;
  }

  public Network network(String id) {
    return store.network(id).orElseThrow(() -> new NotFoundException("Network " + id + " could not be found."));
  }

  /** The network a port is on, read once per network (see {@link #knownNetwork}). */
  public Network networkOf(Port port) {
    return knownNetwork(port.networkId());
  }

  /**
   * A network as first read, for a caller whose next write needs the network to exist and fails
   * in the database if it was deleted meanwhile (a port's insert has a foreign key on its network).
   *
   * @throws NotFoundException when no network has that id
   */
  public Network knownNetwork(String id) {
    Network known = this.known.get(id);
    if (known != null) return known;
    Network read = network(id);
    this.known.put(read.id(), read);
    return read;
  }

  public List<Network> networks(String projectId) {
    return store.networks(projectId);
  }

  public void deleteNetwork(String id) {
    network(id);
    if (!store.portsOnNetwork(id).isEmpty()) {
      throw new ConflictException("Unable to complete operation on network " + id + ". There are one or more ports still in use on the network.");
    }
    for (Subnet s : store.subnets(id)) store.deleteSubnet(s.id());
    store.deleteNetwork(id);
    known.remove(id);
  }

  /** What a subnet create asks for; a null gateway means the first address, {@code gatewayNone} none. */
  public record SubnetRequest(String name, String networkId, String projectId, String cidr, Integer ipVersion,
      String gatewayIp, boolean gatewayNone, Boolean enableDhcp) {}

  public Subnet createSubnet(SubnetRequest r) {
    Network network = network(r.networkId());
    Cidr cidr = Cidr.parse(r.cidr());
    if (r.ipVersion() != null && r.ipVersion() != cidr.version()) {
      throw new InvalidValueException("ip_version " + r.ipVersion() + " does not match cidr " + r.cidr());
    }
    String gateway = r.gatewayNone() ? null
        : r.gatewayIp() != null ? formatIn(cidr, r.gatewayIp(), "gateway_ip")
        : Cidr.format(cidr.first().add(java.math.BigInteger.ONE), cidr.version());
    Subnet s = new Subnet(newId(), r.name() == null ? "" : r.name(), network.id(),
        r.projectId() == null ? network.projectId() : r.projectId(), cidr.version(), cidr.toString(), gateway,
        IpAllocator.defaultPools(cidr, gateway), r.enableDhcp() == null || r.enableDhcp(), now());
    quotas.insertWithin(s.projectId(), QuotaResource.SUBNET, () -> store.insertSubnet(s));
    return s;
  }

  private static String formatIn(Cidr cidr, String ip, String field) {
    java.math.BigInteger a = Cidr.toNumber(ip, field);
    if (!cidr.contains(a)) {
      throw new InvalidValueException(field + " " + ip + " is not in subnet " + cidr);
    }
    return Cidr.format(a, cidr.version());
  }

  public List<Subnet> subnetsOf(String networkId) {
    return store.subnets(networkId);
  }

  public Subnet subnet(String id) {
    return store.subnet(id).orElseThrow(() -> new NotFoundException("Subnet " + id + " could not be found."));
  }

  public List<Subnet> subnets(String projectId) {
    return store.visibleSubnets(projectId);
  }

  /** What a port create asks for. */
  public record PortRequest(String name, String networkId, String projectId, String vnicType, String macAddress,
      List<Port.FixedIp> fixedIps, Map<String, Object> bindingProfile, String deviceId, String deviceOwner) {}

  /**
   * Creates a port with the MAC and fixed IPs asked for, or a generated MAC and a random address of
   * each subnet, as Neutron chooses. Nothing is read of the addresses in use: the store refuses an
   * insert whose address or MAC another port has (one made by another controller meanwhile, too),
   * and an address or MAC this chose (rather than the caller) is chosen again, a bounded number of
   * times, as Neutron retries its IP allocation. After {@value #RANDOM_ADDRESS_GUESSES} random
   * addresses in use the subnet is taken for crowded, and the lowest free address is chosen from
   * the addresses read in use; so a full subnet is told apart from bad luck.
   *
   * @throws IpAddressInUseException when an address the caller asked for is taken
   * @throws MacAddressInUseException when the MAC the caller asked for is taken
   * @throws ConflictException when a subnet has no free address left
   */
  public Port createPort(PortRequest r) {
    // The insert's foreign key refuses a network deleted since it was known.
    Network network = knownNetwork(r.networkId());
    VnicType vnic = r.vnicType() == null ? VnicType.NORMAL : VnicType.fromApiName(r.vnicType());
    for (int attempt = 1; ; attempt++) {
      Port p = newPort(r, network, vnic, attempt <= RANDOM_ADDRESS_GUESSES);
      try {
        quotas.insertWithin(p.projectId(), QuotaResource.PORT, () -> store.insertPort(p));
        return p;
      } catch (IpAddressInUseException e) {
        if (attempt >= MAX_PORT_CREATE_ATTEMPTS || askedFor(r, e.ipAddress())) throw e;
      } catch (MacAddressInUseException e) {
        if (attempt >= MAX_PORT_CREATE_ATTEMPTS || r.macAddress() != null) throw e;
      }
    }
  }

  /** A port as asked for, with a MAC and addresses chosen now where the request left them open. */
  private Port newPort(PortRequest r, Network network, VnicType vnic, boolean guessAddresses) {
    String mac = r.macAddress() != null ? MacAddress.parse(r.macAddress()).value() : newMac();
    List<Port.FixedIp> ips = fixedIps(network, r.fixedIps(), guessAddresses);
    Instant now = now();
    return new Port(newId(), r.name() == null ? "" : r.name(), network.id(),
        r.projectId() == null ? network.projectId() : r.projectId(), mac, ips, vnic, null,
        r.bindingProfile(), "unbound", r.deviceId() == null ? "" : r.deviceId(),
        r.deviceOwner() == null ? "" : r.deviceOwner(), "DOWN", true, now, now, 1);
  }

  /** Whether the request named this address itself, so that choosing again cannot help. */
  private static boolean askedFor(PortRequest r, String ipAddress) {
    if (r.fixedIps() == null) return false;
    BigInteger clash = Cidr.toNumber(ipAddress, "ip_address");
    return r.fixedIps().stream()
        .anyMatch(f -> f.ipAddress() != null && Cidr.toNumber(f.ipAddress(), "ip_address").equals(clash));
  }

  private List<Port.FixedIp> fixedIps(Network network, List<Port.FixedIp> requested, boolean guess) {
    List<Subnet> subnets = store.subnets(network.id());
    List<Port.FixedIp> ips = new ArrayList<>();
    if (requested == null) {
      for (Subnet s : subnets) {
        String ip = address(s, guess).orElseThrow(() -> new ConflictException(
            "No more IP addresses available on network " + network.id() + " (subnet " + s.cidr() + ")."));
        ips.add(new Port.FixedIp(s.id(), ip));
        if (s.ipVersion() == 4) break;
      }
      return ips;
    }
    for (Port.FixedIp f : requested) {
      Subnet s = f.subnetId() != null ? subnet(f.subnetId()) : subnets.stream()
          .filter(x -> f.ipAddress() != null && Cidr.parse(x.cidr()).contains(Cidr.toNumber(f.ipAddress(), "ip_address")))
          .findFirst().orElseThrow(() -> new InvalidValueException("IP address " + f.ipAddress() + " is in no subnet of network " + network.id()));
      if (!s.networkId().equals(network.id())) {
        throw new InvalidValueException("subnet " + s.id() + " is not on network " + network.id());
      }
      String ip = f.ipAddress() != null ? IpAllocator.requireInSubnet(s, f.ipAddress())
          : address(s, guess).orElseThrow(() -> new ConflictException(
              "No more IP addresses available on subnet " + s.cidr() + "."));
      ips.add(new Port.FixedIp(s.id(), ip));
    }
    return ips;
  }

  /** An address of the subnet to try: a random guess, or the lowest one free; empty when none is. */
  private Optional<String> address(Subnet s, boolean guess) {
    return guess ? IpAllocator.random(s, random) : IpAllocator.next(s, store.usedIps(s.id()));
  }

  private String newMac() {
    return String.format("%s:%02x:%02x:%02x", MAC_PREFIX, random.nextInt(256), random.nextInt(256), random.nextInt(256));
  }

  public Port port(String id) {
    return store.port(id).orElseThrow(() -> new NotFoundException("Port " + id + " could not be found."));
  }

  public List<Port> ports(String projectId) {
    return store.ports(projectId);
  }

  /** The ports with these ids, in one read; a missing one is left out, the order is not kept. */
  public List<Port> portsWithIds(Collection<String> ids) {
    return store.portsWithIds(ids);
  }

  /** Changes what a user may change of a port; null leaves a field as it is. */
  public Port update(String portId, String name, Map<String, Object> userProfile, Boolean adminStateUp) {
    return update(portId, p -> {
      Map<String, Object> profile = new LinkedHashMap<>(p.bindingProfile());
      if (userProfile != null) {
        profile.keySet().retainAll(p.isBound() ? BOUND_PROFILE_KEYS : Set.of());
        profile.putAll(userProfile);
      }
      return new Port(p.id(), name == null ? p.name() : name, p.networkId(), p.projectId(), p.macAddress(), p.fixedIps(),
          p.vnicType(), p.bindingHostId(), profile, p.bindingVifType(), p.deviceId(), p.deviceOwner(), p.status(),
          adminStateUp == null ? p.adminStateUp() : adminStateUp, p.createdAt(), now(), p.revisionNumber() + 1);
    });
  }

  public void deletePort(String id) {
    port(id);
    store.deletePort(id);
  }

  /**
   * Binds a port to an instance on a host: {@code device_id}, {@code device_owner compute:nova},
   * the host, the VIF type, status ACTIVE, and the device details merged into what the user put in
   * {@code binding:profile}. Written over the port as the caller read it, read again only when
   * it changed since.
   *
   * @throws PortInUseException when another instance uses the port
   */
  public Port bind(Port port, String instanceUuid, String host, String vifType, Map<String, Object> deviceProfile) {
    return update(port, p -> {
      if (p.inUse() && !p.deviceId().equals(instanceUuid)) throw new PortInUseException(p);
      Map<String, Object> profile = new LinkedHashMap<>(userProfile(p));
      profile.putAll(deviceProfile);
      return new Port(p.id(), p.name(), p.networkId(), p.projectId(), p.macAddress(), p.fixedIps(), p.vnicType(),
          host, profile, vifType, instanceUuid, "compute:nova", "ACTIVE", p.adminStateUp(), p.createdAt(), now(),
          p.revisionNumber() + 1);
    });
  }

  /**
   * Marks a port as the instance's before it is bound anywhere, so that two servers booted at once
   * cannot both take it: {@code device_id} and {@code device_owner compute:nova}. Written over the
   * port as the caller read it, read again only when it changed since.
   *
   * @throws PortInUseException when another instance uses the port
   */
  public Port reserve(Port port, String instanceUuid) {
    return update(port, p -> {
      if (p.inUse() && !p.deviceId().equals(instanceUuid)) throw new PortInUseException(p);
      return new Port(p.id(), p.name(), p.networkId(), p.projectId(), p.macAddress(), p.fixedIps(), p.vnicType(),
          p.bindingHostId(), p.bindingProfile(), p.bindingVifType(), instanceUuid, "compute:nova", p.status(),
          p.adminStateUp(), p.createdAt(), now(), p.revisionNumber() + 1);
    });
  }

  /**
   * Clears the host binding and the device details but keeps the port the instance's: what a
   * reschedule or a move does before binding it again elsewhere.
   */
  public Port unbind(String portId) {
    return update(portId, p -> new Port(p.id(), p.name(), p.networkId(), p.projectId(), p.macAddress(), p.fixedIps(),
        p.vnicType(), null, userProfile(p), "unbound", p.deviceId(), p.deviceOwner(), "DOWN", p.adminStateUp(),
        p.createdAt(), now(), p.revisionNumber() + 1));
  }

  /**
   * Gives a port back to its user: binding, device details, {@code device_id} and owner cleared. A
   * port that another instance has taken meanwhile is left alone.
   */
  public Port release(String portId, String instanceUuid) {
    return update(portId, p -> {
      if (!instanceUuid.equals(p.deviceId())) return p;
      return new Port(p.id(), p.name(), p.networkId(), p.projectId(), p.macAddress(), p.fixedIps(), p.vnicType(), null,
          userProfile(p), "unbound", "", "", "DOWN", p.adminStateUp(), p.createdAt(), now(), p.revisionNumber() + 1);
    });
  }

  /** The profile without the keys binding adds, i.e. what the user put there. */
  static Map<String, Object> userProfile(Port p) {
    Map<String, Object> user = new LinkedHashMap<>(p.bindingProfile());
    user.keySet().removeAll(BOUND_PROFILE_KEYS);
    return user;
  }

  /** The keys binding writes into {@code binding:profile} for SR-IOV and vDPA ports. */
  public static final Set<String> BOUND_PROFILE_KEYS = Set.of("pci_vendor_info", "pci_slot", "physical_network");

  /** Read-modify-write that retries when another writer got in between. */
  private Port update(String portId, UnaryOperator<Port> change) {
    return update(port(portId), change);
  }

  /** {@link #update(String, UnaryOperator)} from a port already read, which saves the first read when it is current. */
  private Port update(Port read, UnaryOperator<Port> change) {
    Port current = read;
    for (int attempt = 1; ; attempt++) {
      Port next = change.apply(current);
      if (next == current || store.updatePort(next)) return next;
      if (attempt >= MAX_PORT_UPDATE_ATTEMPTS) {
        throw new ConflictException("port " + read.id() + " keeps changing under concurrent updates; try again");
      }
      current = port(read.id());
    }
  }

  /** The time, to the microsecond the databases keep, so that what is returned equals what is read back. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}

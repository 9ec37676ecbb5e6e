package org.vdpacompute.controller.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.net.MacAddress;
import org.vdpacompute.core.pci.request.UnknownVnicTypeException;
import org.vdpacompute.core.pci.request.VnicType;

class NetworkServiceTest {
  private final NetworkService service = new NetworkService(new InMemoryNetworkStore(), Clock.systemUTC(), new SplittableRandom(7));

  private Network physnet4() {
    return service.createNetwork(new NetworkService.NetworkRequest("physnet4-net", "admin", "vlan", "physnet4", 100, true, null));
  }

  private Subnet subnet(Network n) {
    return service.createSubnet(new NetworkService.SubnetRequest("sub", n.id(), null, "10.4.0.0/24", 4, null, false, null));
  }

  private Port port(Network n, String vnic) {
    return service.createPort(new NetworkService.PortRequest("p", n.id(), "demo", vnic, null, null, Map.of(), null, null));
  }

  @Test
  void providerAttributesAreChecked() {
    Network n = physnet4();
    assertThat(n.physicalNetwork()).isEqualTo("physnet4");
    assertThat(n.segmentationId()).isEqualTo(100);
    assertThatThrownBy(() -> service.createNetwork(new NetworkService.NetworkRequest("x", "p", "vlan", null, 5, false, null)))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("physical_network is required");
    assertThatThrownBy(() -> service.createNetwork(new NetworkService.NetworkRequest("x", "p", "vlan", "physnet4", 5000, false, null)))
        .hasMessageContaining("1 to 4094");
    assertThatThrownBy(() -> service.createNetwork(new NetworkService.NetworkRequest("x", "p", "vxlan", "physnet4", null, false, null)))
        .hasMessageContaining("has no provider:physical_network");
    assertThatThrownBy(() -> service.createNetwork(new NetworkService.NetworkRequest("x", "p", "token-ring", null, null, false, null)))
        .hasMessageContaining("token-ring");
    Network tunnel = service.createNetwork(new NetworkService.NetworkRequest("t", "p", null, null, null, false, null));
    assertThat(tunnel.networkType()).isEqualTo("geneve");
    assertThat(tunnel.physicalNetwork()).isNull();
  }

  @Test
  void portsGetAUnicastMacAndAFreeAddressOfTheSubnetsPools() {
    Network n = physnet4();
    Subnet s = subnet(n);
    assertThat(s.gatewayIp()).isEqualTo("10.4.0.1");
    Port a = port(n, "vdpa");
    Port b = port(n, null);
    assertThat(a.vnicType()).isEqualTo(VnicType.VDPA);
    assertThat(b.vnicType()).isEqualTo(VnicType.NORMAL);
    for (Port p : List.of(a, b)) {
      assertThat(p.fixedIps()).singleElement().satisfies(ip -> {
        assertThat(ip.subnetId()).isEqualTo(s.id());
        assertThat(ip.ipAddress()).startsWith("10.4.0.").isNotIn("10.4.0.0", "10.4.0.1", "10.4.0.255");
      });
    }
    assertThat(a.fixedIps()).isNotEqualTo(b.fixedIps());
    assertThat(MacAddress.parse(a.macAddress()).isLocallyAdministered()).isTrue();
    assertThat(a.macAddress()).startsWith("fa:16:3e:");
    assertThat(a.status()).isEqualTo("DOWN");
    assertThat(a.bindingVifType()).isEqualTo("unbound");
  }

  @Test
  void badPortRequestsAreClearErrors() {
    Network n = physnet4();
    subnet(n);
    assertThatThrownBy(() -> port(n, "smart-nic")).isInstanceOf(UnknownVnicTypeException.class);
    assertThatThrownBy(() -> service.createPort(new NetworkService.PortRequest("p", n.id(), "demo", null,
        "01:00:5e:00:00:01", null, Map.of(), null, null))).hasMessageContaining("multicast");
    assertThatThrownBy(() -> service.createPort(new NetworkService.PortRequest("p", "nope", "demo", null, null, null, Map.of(), null, null)))
        .isInstanceOf(NotFoundException.class);
    Port fixed = service.createPort(new NetworkService.PortRequest("p", n.id(), "demo", null, null,
        List.of(new Port.FixedIp(null, "10.4.0.50")), Map.of(), null, null));
    assertThat(fixed.fixedIps().get(0).ipAddress()).isEqualTo("10.4.0.50");
    assertThatThrownBy(() -> service.createPort(new NetworkService.PortRequest("p", n.id(), "demo", null, null,
        List.of(new Port.FixedIp(null, "10.4.0.50")), Map.of(), null, null))).isInstanceOf(ConflictException.class)
        .hasMessage("IP address 10.4.0.50 is in use on subnet " + fixed.fixedIps().get(0).subnetId());
  }

  @Test
  void anAddressAnotherControllerTookIsChosenAgain() {
    InMemoryNetworkStore memory = new InMemoryNetworkStore();
    AtomicInteger taken = new AtomicInteger();
    NetworkService racing = serviceOn(rivalTakingEachChosenAddress(memory, 2, taken));
    Network n = racing.createNetwork(new NetworkService.NetworkRequest("net", "demo", null, null, null, false, null));
    Subnet s = racing.createSubnet(new NetworkService.SubnetRequest("sub", n.id(), null, "10.4.0.0/24", 4, null, false, null));

    Port p = racing.createPort(new NetworkService.PortRequest("p", n.id(), "demo", null, null, null, Map.of(), null, null));

    assertThat(taken).hasValue(2);
    assertThat(memory.usedIps(s.id())).hasSize(3).contains(p.fixedIps().get(0).ipAddress());
  }

  @Test
  void aCrowdedSubnetGivesItsLowestFreeAddressAndAFullOneSaysSo() {
    InMemoryNetworkStore memory = new InMemoryNetworkStore();
    NetworkService service = serviceOn(memory);
    Network n = service.createNetwork(new NetworkService.NetworkRequest("net", "demo", null, null, null, false, null));
    Subnet s = service.createSubnet(new NetworkService.SubnetRequest("sub", n.id(), null, "10.4.0.0/29", 4, null, false, null));
    // 10.4.0.2 to .6 may be allocated; all but .5 are taken.
    for (int last : new int[] {2, 3, 4, 6}) {
      memory.insertPort(rival(n.id(), new Port.FixedIp(s.id(), "10.4.0." + last), last));
    }

    Port p = service.createPort(new NetworkService.PortRequest("p", n.id(), "demo", null, null, null, Map.of(), null, null));

    assertThat(p.fixedIps()).containsExactly(new Port.FixedIp(s.id(), "10.4.0.5"));
    assertThatThrownBy(() -> service.createPort(new NetworkService.PortRequest("q", n.id(), "demo", null, null, null,
        Map.of(), null, null))).isInstanceOf(ConflictException.class)
        .hasMessage("No more IP addresses available on network " + n.id() + " (subnet 10.4.0.0/29).");
  }

  @Test
  void anAddressTheCallerAskedForIsNotChosenAgain() {
    InMemoryNetworkStore memory = new InMemoryNetworkStore();
    AtomicInteger inserts = new AtomicInteger();
    NetworkService counted = serviceOn(afterEachCall(memory, (method, args) -> {
      if (method.equals("insertPort")) inserts.incrementAndGet();
    }));
    Network n = counted.createNetwork(new NetworkService.NetworkRequest("net", "demo", null, null, null, false, null));
    Subnet s = counted.createSubnet(new NetworkService.SubnetRequest("sub", n.id(), null, "10.4.0.0/24", 4, null, false, null));
    memory.insertPort(rival(n.id(), new Port.FixedIp(s.id(), "10.4.0.2"), 1));

    assertThatThrownBy(() -> counted.createPort(new NetworkService.PortRequest("p", n.id(), "demo", null, null,
        List.of(new Port.FixedIp(s.id(), "10.4.0.2")), Map.of(), null, null)))
        .isInstanceOf(IpAddressInUseException.class)
        .hasMessage("IP address 10.4.0.2 is in use on subnet " + s.id());
    assertThat(inserts).hasValue(1);
  }

  @Test
  void choosingAgainIsBounded() {
    InMemoryNetworkStore memory = new InMemoryNetworkStore();
    AtomicInteger taken = new AtomicInteger();
    NetworkService racing = serviceOn(rivalTakingEachChosenAddress(memory, Integer.MAX_VALUE, taken));
    Network n = racing.createNetwork(new NetworkService.NetworkRequest("net", "demo", null, null, null, false, null));
    racing.createSubnet(new NetworkService.SubnetRequest("sub", n.id(), null, "10.4.0.0/24", 4, null, false, null));

    assertThatThrownBy(() -> racing.createPort(new NetworkService.PortRequest("p", n.id(), "demo", null, null, null,
        Map.of(), null, null))).isInstanceOf(IpAddressInUseException.class);
    assertThat(taken).hasValue(NetworkService.MAX_PORT_CREATE_ATTEMPTS);
  }

  @Test
  void aGeneratedMacThatIsTakenIsGeneratedAgain() {
    InMemoryNetworkStore memory = new InMemoryNetworkStore();
    // Two controllers whose generators run in step generate the same MAC first.
    NetworkService first = serviceOn(memory);
    NetworkService second = serviceOn(memory);
    Network n = first.createNetwork(new NetworkService.NetworkRequest("net", "demo", null, null, null, false, null));

    Port a = first.createPort(new NetworkService.PortRequest("a", n.id(), "demo", null, null, null, Map.of(), null, null));
    Port b = second.createPort(new NetworkService.PortRequest("b", n.id(), "demo", null, null, null, Map.of(), null, null));

    assertThat(b.macAddress()).isNotEqualTo(a.macAddress()).startsWith("fa:16:3e:");
    assertThatThrownBy(() -> second.createPort(new NetworkService.PortRequest("c", n.id(), "demo", null,
        a.macAddress(), null, Map.of(), null, null)))
        .isInstanceOf(MacAddressInUseException.class)
        .hasMessage("MAC address " + a.macAddress() + " is in use on network " + n.id());
  }

  private static NetworkService serviceOn(NetworkStore store) {
    return new NetworkService(store, Clock.systemUTC(), new SplittableRandom(7));
  }

  /**
   * The store as a service sees it when another controller is creating ports too: just before each
   * port insert (up to {@code times}), the rival takes the address the port was to have.
   */
  private static NetworkStore rivalTakingEachChosenAddress(InMemoryNetworkStore memory, int times, AtomicInteger taken) {
    return beforeEachCall(memory, (method, args) -> {
      if (method.equals("insertPort") && taken.get() < times) {
        Port.FixedIp ip = ((Port) args[0]).fixedIps().get(0);
        memory.insertPort(rival(((Port) args[0]).networkId(), ip, taken.incrementAndGet()));
      }
    });
  }

  /** The store, with {@code hook} run before each of its methods, given the method's name. */
  private static NetworkStore beforeEachCall(NetworkStore store, BiConsumer<String, Object[]> hook) {
    InvocationHandler handler = (proxy, method, args) -> {
      hook.accept(method.getName(), args);
      try {
        return method.invoke(store, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (NetworkStore) Proxy.newProxyInstance(NetworkStore.class.getClassLoader(),
        new Class<?>[] {NetworkStore.class}, handler);
  }

  /** The store, with {@code hook} run after each of its methods returns, given the method's name. */
  private static NetworkStore afterEachCall(NetworkStore store, BiConsumer<String, Object[]> hook) {
    InvocationHandler handler = (proxy, method, args) -> {
      try {
        return method.invoke(store, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      } finally {
        hook.accept(method.getName(), args);
      }
    };
    return (NetworkStore) Proxy.newProxyInstance(NetworkStore.class.getClassLoader(),
        new Class<?>[] {NetworkStore.class}, handler);
  }

  private static Port rival(String networkId, Port.FixedIp ip, int n) {
    Instant now = Instant.parse("2024-05-06T07:08:09Z");
    return new Port(UUID.randomUUID().toString(), "rival-" + n, networkId, "other", String.format("02:00:00:00:00:%02x", n),
        List.of(ip), VnicType.NORMAL, null, Map.of(), "unbound", "", "", "DOWN", true, now, now, 1);
  }

  @Test
  void bindingMergesTheDeviceIntoTheUsersProfileAndReleasingClearsIt() {
    Network n = physnet4();
    subnet(n);
    Port p = service.createPort(new NetworkService.PortRequest("p", n.id(), "demo", "vdpa", null, null,
        Map.of("capabilities", List.of("switchdev")), null, null));
    Port bound = service.bind(p, "vm-1", "compute-0", "vdpa",
        Map.of("pci_vendor_info", "15b3:101e", "pci_slot", "0000:06:00.4", "physical_network", "physnet4"));
    assertThat(bound.bindingHostId()).isEqualTo("compute-0");
    assertThat(bound.deviceId()).isEqualTo("vm-1");
    assertThat(bound.deviceOwner()).isEqualTo("compute:nova");
    assertThat(bound.status()).isEqualTo("ACTIVE");
    assertThat(bound.bindingProfile()).containsEntry("pci_slot", "0000:06:00.4").containsKey("capabilities");
    assertThatThrownBy(() -> service.bind(p, "vm-2", "compute-1", "vdpa", Map.of()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("in use by server vm-1");
    Port unbound = service.unbind(p.id());
    assertThat(unbound.bindingHostId()).isNull();
    assertThat(unbound.deviceId()).as("still the instance's, to bind elsewhere").isEqualTo("vm-1");
    assertThat(unbound.bindingProfile()).containsOnlyKeys("capabilities");
    assertThat(service.release(p.id(), "vm-2")).as("another instance's release leaves it").isEqualTo(unbound);
    Port released = service.release(p.id(), "vm-1");
    assertThat(released.deviceId()).isEmpty();
    assertThat(released.deviceOwner()).isEmpty();
    assertThat(released.bindingProfile()).containsOnlyKeys("capabilities");
    assertThat(service.port(p.id()).revisionNumber()).isEqualTo(4);
  }

  @Test
  void aReservedPortCannotBeReservedOrBoundByAnotherServer() {
    Network n = physnet4();
    subnet(n);
    Port p = port(n, null);
    Port reserved = service.reserve(p, "vm-1");
    assertThat(reserved.deviceId()).isEqualTo("vm-1");
    assertThat(reserved.deviceOwner()).isEqualTo("compute:nova");
    assertThat(reserved.bindingHostId()).isNull();
    assertThatThrownBy(() -> service.reserve(p, "vm-2")).isInstanceOf(PortInUseException.class)
        .hasMessageContaining("in use by server vm-1");
    assertThat(service.reserve(p, "vm-1").deviceId()).isEqualTo("vm-1");
  }

  @Test
  void aNetworkWithPortsCannotBeDeleted() {
    Network n = physnet4();
    subnet(n);
    Port p = port(n, null);
    assertThatThrownBy(() -> service.deleteNetwork(n.id())).isInstanceOf(ConflictException.class);
    service.deletePort(p.id());
    service.deleteNetwork(n.id());
    assertThatThrownBy(() -> service.network(n.id())).isInstanceOf(NotFoundException.class);
  }
}

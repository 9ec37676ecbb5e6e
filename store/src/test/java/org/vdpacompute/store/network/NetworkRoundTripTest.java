package org.vdpacompute.store.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vdpacompute.store.network.Records.T0;
import static org.vdpacompute.store.network.Records.T1;
import static org.vdpacompute.store.network.Records.ip;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.Subnet;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/** What is written is read back, every field of every record. */
class NetworkRoundTripTest {
  @EachDatabase
  void networksAreReadBackWithEveryField(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    Network vlan = new Network("net-vlan", "physnet4-net", "admin", "vlan", "physnet4", 4094, true, true, 9000, T0);
    Network tunnel = new Network("net-geneve", "", null, "geneve", null, null, false, false, 1442, T1);

    store.insertNetwork(vlan);
    store.insertNetwork(tunnel);

    assertThat(store.network("net-vlan")).contains(vlan);
    assertThat(store.network("net-geneve")).contains(tunnel);
    assertThat(store.networks(null)).containsExactly(vlan, tunnel);
  }

  @EachDatabase
  void subnetsAreReadBackWithTheirPools(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("n", "demo", false));
    Subnet v4 = new Subnet("s4", "v4", "n", "demo", 4, "10.4.0.0/24", "10.4.0.1", List.of(
        new Subnet.AllocationPool("10.4.0.2", "10.4.0.99"),
        new Subnet.AllocationPool("10.4.0.150", "10.4.0.254")), true, T0);
    Subnet v6 = new Subnet("s6", "v6", "n", "other", 6, "fd00:4::/64", null, List.of(
        new Subnet.AllocationPool("fd00:4::1", "fd00:4::ffff:ffff:ffff:ffff")), false, T1);

    store.insertSubnet(v4);
    store.insertSubnet(v6);

    assertThat(store.subnet("s4")).contains(v4);
    assertThat(store.subnet("s6")).contains(v6);
    assertThat(store.subnets("n")).containsExactly(v4, v6);
  }

  @EachDatabase
  void portsAreReadBackWithEveryFieldAndTheirAddressesInOrder(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("n", "demo", false));
    Subnet v4 = Records.subnet("s4", "n", 4);
    Subnet v6 = new Subnet("s6", "v6", "n", "demo", 6, "fd00:4::/64", "fd00:4::1", List.of(), true, T0);
    store.insertSubnet(v4);
    store.insertSubnet(v6);
    Map<String, Object> profile = Map.of(
        "pci_slot", "0000:06:00.4",
        "pci_vendor_info", "15b3:101e",
        "capabilities", List.of("switchdev"),
        "nested", Map.of("numa_node", 1, "big", 5_000_000_000L, "ratio", 2.5, "trusted", true,
            "gaps", Arrays.asList("a", null)));
    // The IPv6 address first: a port's order of its addresses is kept, not sorted.
    Port bound = new Port("p-bound", "vdpa-port", "n", "demo", "fa:16:3e:00:00:01",
        List.of(ip(v6, "fd00:4::2"), ip(v4, "10.4.0.2")), VnicType.VDPA, "compute-0", profile, "vhostuser",
        "instance-1", "compute:nova", "ACTIVE", false, T0, T1, 7);
    Port bare = new Port("p-bare", "", "n", null, "fa:16:3e:00:00:02", List.of(), VnicType.NORMAL, null, Map.of(),
        "unbound", "", "", "DOWN", true, T1, T1, 1);

    store.insertPort(bound);
    store.insertPort(bare);

    assertThat(store.port("p-bound")).contains(bound);
    assertThat(store.port("p-bare")).contains(bare);
    assertThat(store.ports(null)).containsExactly(bound, bare);
    assertThat(store.usedIps("s4")).containsExactly("10.4.0.2");
    assertThat(store.usedIps("s6")).containsExactly("fd00:4::2");
  }

  @EachDatabase
  void whatIsNotThereIsEmpty(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());

    assertThat(store.network("nope")).isEmpty();
    assertThat(store.subnet("nope")).isEmpty();
    assertThat(store.port("nope")).isEmpty();
    assertThat(store.networks(null)).isEmpty();
    assertThat(store.subnets("nope")).isEmpty();
    assertThat(store.ports(null)).isEmpty();
    assertThat(store.usedIps("nope")).isEmpty();
  }

  @EachDatabase
  void listsAreOrderedByCreationThenId(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("c", "demo", false, T0));
    store.insertNetwork(Records.network("a", "demo", false, T1));
    store.insertNetwork(Records.network("b", "demo", false, T0));
    store.insertPort(Records.port("p3", "a", "fa:16:3e:00:00:03", T0));
    store.insertPort(Records.port("p1", "a", "fa:16:3e:00:00:01", T1));
    store.insertPort(Records.port("p2", "a", "fa:16:3e:00:00:02", T0));

    assertThat(store.networks(null)).extracting(Network::id).containsExactly("b", "c", "a");
    assertThat(store.ports(null)).extracting(Port::id).containsExactly("p2", "p3", "p1");
  }
}

package org.vdpacompute.store.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.store.network.Records.ip;

import java.time.Clock;
import java.util.Map;
import java.util.SplittableRandom;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.Subnet;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/**
 * A port goes with its addresses, a network with its subnets; what ports still use is refused, and
 * a refused delete deletes nothing.
 */
class NetworkDeletionTest {
  @EachDatabase
  void aDeletedPortsAddressesAndMacAreFreeAgain(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("n", "demo", false));
    Subnet s = Records.subnet("s", "n", 4);
    store.insertSubnet(s);
    store.insertPort(Records.port("p", "n", "fa:16:3e:00:00:01", ip(s, "10.4.0.2"), ip(s, "10.4.0.3")));

    store.deletePort("p");

    assertThat(store.port("p")).isEmpty();
    assertThat(store.usedIps("s")).isEmpty();
    store.insertPort(Records.port("again", "n", "fa:16:3e:00:00:01", ip(s, "10.4.0.3")));
    assertThat(store.usedIps("s")).containsExactly("10.4.0.3");
  }

  @EachDatabase
  void aDeletedNetworkTakesItsSubnetsAndNothingElse(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("gone", "demo", false));
    store.insertNetwork(Records.network("kept", "demo", false));
    store.insertSubnet(Records.subnet("gone-a", "gone", 4));
    store.insertSubnet(Records.subnet("gone-b", "gone", 5));
    Subnet kept = Records.subnet("kept-a", "kept", 6);
    store.insertSubnet(kept);

    store.deleteNetwork("gone");

    assertThat(store.network("gone")).isEmpty();
    assertThat(store.subnets("gone")).isEmpty();
    assertThat(store.subnet("gone-a")).isEmpty();
    assertThat(store.networks(null)).extracting(Network::id).containsExactly("kept");
    assertThat(store.subnets("kept")).containsExactly(kept);
  }

  @EachDatabase
  void aNetworkWithPortsIsNotDeleted(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("with-address", "demo", false));
    store.insertNetwork(Records.network("without-address", "demo", false));
    Subnet s = Records.subnet("s", "with-address", 4);
    store.insertSubnet(s);
    store.insertSubnet(Records.subnet("t", "without-address", 5));
    // One port holds an address of the network's subnet, the other none: the refusal comes from
    // the subnet's key in the first case and from the network's in the second.
    store.insertPort(Records.port("p", "with-address", "fa:16:3e:00:00:01", ip(s, "10.4.0.2")));
    store.insertPort(Records.port("q", "without-address", "fa:16:3e:00:00:02"));

    for (String network : new String[] {"with-address", "without-address"}) {
      assertThatThrownBy(() -> store.deleteNetwork(network))
          .isExactlyInstanceOf(ConflictException.class)
          .hasMessage("Unable to complete operation on network " + network
              + ". There are one or more ports still in use on the network.");
      assertThat(store.network(network)).isPresent();
      assertThat(store.subnets(network)).hasSize(1);
    }
    assertThat(store.ports(null)).hasSize(2);
  }

  @EachDatabase
  void aSubnetWhoseAddressesPortsHoldIsNotDeleted(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("n", "demo", false));
    Subnet s = Records.subnet("s", "n", 4);
    store.insertSubnet(s);
    store.insertSubnet(Records.subnet("unused", "n", 5));
    store.insertPort(Records.port("p", "n", "fa:16:3e:00:00:01", ip(s, "10.4.0.2")));

    assertThatThrownBy(() -> store.deleteSubnet("s"))
        .isExactlyInstanceOf(ConflictException.class)
        .hasMessage("Unable to complete operation on subnet s: one or more ports have an IP allocation from this subnet.");
    store.deleteSubnet("unused");

    assertThat(store.subnets("n")).containsExactly(s);
    assertThat(store.usedIps("s")).containsExactly("10.4.0.2");
  }

  @EachDatabase
  void deletingWhatIsNotThereDoesNothing(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("n", "demo", false));

    store.deletePort("nope");
    store.deleteSubnet("nope");
    store.deleteNetwork("nope");

    assertThat(store.networks(null)).hasSize(1);
  }

  @EachDatabase
  void theServiceDeletesANetworkOnceItsPortsAreGone(TestDatabase db) {
    NetworkService service = new NetworkService(new JdbcNetworkStore(db.open()), Clock.systemUTC(),
        new SplittableRandom(7));
    Network n = service.createNetwork(new NetworkService.NetworkRequest("physnet4-net", "admin", "vlan", "physnet4",
        100, true, null));
    service.createSubnet(new NetworkService.SubnetRequest("sub", n.id(), null, "10.4.0.0/24", 4, null, false, null));
    Port p = service.createPort(new NetworkService.PortRequest("p", n.id(), "demo", "vdpa", null, null, Map.of(),
        null, null));

    assertThatThrownBy(() -> service.deleteNetwork(n.id())).isInstanceOf(ConflictException.class);
    service.deletePort(p.id());
    service.deleteNetwork(n.id());

    assertThatThrownBy(() -> service.network(n.id())).isInstanceOf(NotFoundException.class);
    assertThat(service.subnets(null)).isEmpty();
  }
}

package org.vdpacompute.store.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vdpacompute.store.network.Records.T1;

import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.Subnet;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/** A project sees its own and the shared networks, their subnets, and its own ports. */
class NetworkVisibilityTest {
  @EachDatabase
  void aProjectSeesItsOwnAndTheSharedNetworksAndTheirSubnets(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("demo-private", "demo", false));
    store.insertNetwork(Records.network("other-private", "other", false));
    store.insertNetwork(Records.network("other-shared", "other", true));
    store.insertNetwork(Records.network("admin-shared", "admin", true, T1));
    store.insertNetwork(Records.network("nobodys", null, false));
    int n = 0;
    for (Network network : store.networks(null)) {
      store.insertSubnet(Records.subnet("sub-" + network.id(), network.id(), ++n));
    }

    assertThat(store.networks("demo")).extracting(Network::id)
        .containsExactly("demo-private", "other-shared", "admin-shared");
    assertThat(store.networks("other")).extracting(Network::id)
        .containsExactly("other-private", "other-shared", "admin-shared");
    assertThat(store.networks("nobody")).extracting(Network::id).containsExactly("other-shared", "admin-shared");
    assertThat(store.networks(null)).hasSize(5);
    // The subnets were all created at one instant, so they come in the order of their ids.
    assertThat(store.visibleSubnets("demo")).extracting(Subnet::networkId)
        .containsExactly("admin-shared", "demo-private", "other-shared");
    assertThat(store.visibleSubnets(null)).hasSize(5);
    assertThat(store.subnets("other-private")).extracting(Subnet::id).containsExactly("sub-other-private");
  }

  @EachDatabase
  void portsAreListedByProjectAndByNetwork(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("shared", "admin", true));
    store.insertNetwork(Records.network("private", "other", false));
    store.insertPort(Records.port("demo-1", "shared", "fa:16:3e:00:00:01"));
    store.insertPort(withProject(Records.port("other-1", "shared", "fa:16:3e:00:00:02"), "other"));
    store.insertPort(withProject(Records.port("other-2", "private", "fa:16:3e:00:00:03", T1), "other"));

    assertThat(store.ports("demo")).extracting(Port::id).containsExactly("demo-1");
    assertThat(store.ports("other")).extracting(Port::id).containsExactly("other-1", "other-2");
    assertThat(store.ports(null)).extracting(Port::id).containsExactly("demo-1", "other-1", "other-2");
    assertThat(store.portsOnNetwork("shared")).extracting(Port::id).containsExactly("demo-1", "other-1");
    assertThat(store.portsOnNetwork("private")).extracting(Port::id).containsExactly("other-2");
  }

  private static Port withProject(Port p, String projectId) {
    return new Port(p.id(), p.name(), p.networkId(), projectId, p.macAddress(), p.fixedIps(), p.vnicType(),
        p.bindingHostId(), p.bindingProfile(), p.bindingVifType(), p.deviceId(), p.deviceOwner(), p.status(),
        p.adminStateUp(), p.createdAt(), p.updatedAt(), p.revisionNumber());
  }
}

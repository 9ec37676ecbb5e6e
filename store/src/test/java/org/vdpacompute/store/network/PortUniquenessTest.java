package org.vdpacompute.store.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.store.network.Records.ip;

import org.vdpacompute.controller.network.IpAddressInUseException;
import org.vdpacompute.controller.network.MacAddressInUseException;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.Subnet;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.TestDatabase;

/** A MAC is one port's per network, an address one port's per subnet; a refused insert leaves nothing. */
class PortUniquenessTest {
  private static final String MAC = "fa:16:3e:00:00:01";

  @EachDatabase
  void aMacInUseOnTheNetworkIsRefusedAndNothingIsWritten(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("n1", "demo", false));
    store.insertNetwork(Records.network("n2", "demo", false));
    Subnet s1 = Records.subnet("s1", "n1", 4);
    store.insertSubnet(s1);
    store.insertPort(Records.port("first", "n1", MAC, ip(s1, "10.4.0.2")));

    assertThatThrownBy(() -> store.insertPort(Records.port("second", "n1", MAC, ip(s1, "10.4.0.3"))))
        .isInstanceOf(MacAddressInUseException.class)
        .hasMessage("MAC address " + MAC + " is in use on network n1");

    assertThat(store.port("second")).isEmpty();
    assertThat(store.usedIps("s1")).containsExactly("10.4.0.2");
    store.insertPort(Records.port("elsewhere", "n2", MAC));
    assertThat(store.portsOnNetwork("n2")).extracting(Port::id).containsExactly("elsewhere");
  }

  @EachDatabase
  void anAddressInUseOnTheSubnetIsRefusedAndNothingIsWritten(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("n1", "demo", false));
    store.insertNetwork(Records.network("n2", "demo", false));
    Subnet s1 = Records.subnet("s1", "n1", 4);
    Subnet other = Records.subnet("other", "n2", 4);
    store.insertSubnet(s1);
    store.insertSubnet(other);
    store.insertPort(Records.port("first", "n1", "fa:16:3e:00:00:01", ip(s1, "10.4.0.2")));

    // The free address goes in first; the clash on the second must take it back out.
    assertThatThrownBy(() -> store.insertPort(Records.port("second", "n1", "fa:16:3e:00:00:02",
        ip(s1, "10.4.0.3"), ip(s1, "10.4.0.2"))))
        .isInstanceOf(IpAddressInUseException.class)
        .hasMessage("IP address 10.4.0.2 is in use on subnet s1");

    assertThat(store.port("second")).isEmpty();
    assertThat(store.usedIps("s1")).containsExactly("10.4.0.2");
    store.insertPort(Records.port("same-address-other-subnet", "n2", "fa:16:3e:00:00:02", ip(other, "10.4.0.2")));
    assertThat(store.usedIps("other")).containsExactly("10.4.0.2");
  }

  @EachDatabase
  void anIdInUseIsAConflictNamingTheRecord(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("n1", "demo", false));
    store.insertSubnet(Records.subnet("s1", "n1", 4));
    store.insertPort(Records.port("p1", "n1", MAC));

    assertThatThrownBy(() -> store.insertNetwork(Records.network("n1", "other", true)))
        .isExactlyInstanceOf(ConflictException.class).hasMessage("network n1 already exists");
    assertThatThrownBy(() -> store.insertSubnet(Records.subnet("s1", "n1", 5)))
        .isExactlyInstanceOf(ConflictException.class).hasMessage("subnet s1 already exists");
    // Another MAC: the clash is on the id, and the message must not blame the MAC.
    assertThatThrownBy(() -> store.insertPort(Records.port("p1", "n1", "fa:16:3e:00:00:02")))
        .isExactlyInstanceOf(ConflictException.class).hasMessage("port p1 already exists");
  }

  @EachDatabase
  void aRecordOnAMissingParentIsNotFound(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    store.insertNetwork(Records.network("n1", "demo", false));
    Subnet gone = Records.subnet("gone", "n1", 4);

    assertThatThrownBy(() -> store.insertSubnet(Records.subnet("s1", "nope", 4)))
        .isInstanceOf(NotFoundException.class).hasMessage("Network nope could not be found.");
    assertThatThrownBy(() -> store.insertPort(Records.port("p1", "nope", MAC)))
        .isInstanceOf(NotFoundException.class).hasMessage("Network nope could not be found.");
    assertThatThrownBy(() -> store.insertPort(Records.port("p2", "n1", MAC, ip(gone, "10.4.0.2"))))
        .isInstanceOf(NotFoundException.class).hasMessage("Subnet gone could not be found.");
    assertThat(store.ports(null)).isEmpty();
  }
}

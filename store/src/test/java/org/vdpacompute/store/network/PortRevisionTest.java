package org.vdpacompute.store.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vdpacompute.store.network.Records.T1;
import static org.vdpacompute.store.network.Records.ip;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.vdpacompute.controller.network.MacAddressInUseException;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.Subnet;
import org.vdpacompute.core.pci.request.VnicType;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.Race;
import org.vdpacompute.store.testing.TestDatabase;

/** An update replaces the port only from the revision it was read at: a compare-and-set. */
class PortRevisionTest {
  private static final int RACERS = 8;

  @EachDatabase
  void anUpdateFromTheStoredRevisionRewritesThePortButNotItsAddresses(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    Subnet s = networkWithSubnet(store);
    Port created = Records.port("p", "n", "fa:16:3e:00:00:01", ip(s, "10.4.0.2"));
    store.insertPort(created);
    Port bound = new Port("p", "renamed", "n", "demo", "fa:16:3e:00:00:09", List.of(ip(s, "10.4.0.99")),
        VnicType.VDPA, "compute-0", Map.of("pci_slot", "0000:06:00.4", "capabilities", List.of("switchdev")),
        "vhostuser", "instance-1", "compute:nova", "ACTIVE", false, created.createdAt(), T1, 2);

    boolean updated = store.updatePort(bound);

    assertThat(updated).isTrue();
    assertThat(store.port("p")).contains(withFixedIps(bound, created.fixedIps()));
    assertThat(store.usedIps("s")).containsExactly("10.4.0.2");
  }

  @EachDatabase
  void aStaleUpdateChangesNothing(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    networkWithSubnet(store);
    Port created = Records.port("p", "n", "fa:16:3e:00:00:01");
    store.insertPort(created);
    Port first = Records.renamed(created, "first");
    assertThat(store.updatePort(first)).isTrue();

    boolean stale = store.updatePort(Records.renamed(created, "second"));
    boolean ahead = store.updatePort(Records.renamed(Records.renamed(first, "skipped"), "ahead"));
    boolean missing = store.updatePort(Records.renamed(Records.port("nope", "n", "fa:16:3e:00:00:02"), "x"));

    assertThat(stale).isFalse();
    assertThat(ahead).isFalse();
    assertThat(missing).isFalse();
    assertThat(store.port("p")).contains(first);
    assertThat(store.port("nope")).isEmpty();
  }

  @EachDatabase
  void anUpdateToAMacInUseOnTheNetworkIsRefused(TestDatabase db) {
    JdbcNetworkStore store = new JdbcNetworkStore(db.open());
    networkWithSubnet(store);
    store.insertPort(Records.port("a", "n", "fa:16:3e:00:00:01"));
    Port b = Records.port("b", "n", "fa:16:3e:00:00:02");
    store.insertPort(b);
    Port next = Records.renamed(b, "b2");
    Port clashing = new Port(next.id(), next.name(), next.networkId(), next.projectId(), "fa:16:3e:00:00:01",
        next.fixedIps(), next.vnicType(), next.bindingHostId(), next.bindingProfile(), next.bindingVifType(),
        next.deviceId(), next.deviceOwner(), next.status(), next.adminStateUp(), next.createdAt(), next.updatedAt(),
        next.revisionNumber());

    assertThatThrownBy(() -> store.updatePort(clashing))
        .isInstanceOf(MacAddressInUseException.class)
        .hasMessage("MAC address fa:16:3e:00:00:01 is in use on network n");
    assertThat(store.port("b")).contains(b);
  }

  /** Two controllers, several threads each, all updating from revision 1: one wins. */
  @EachDatabase
  void racingUpdatesFromOneRevisionHaveOneWinner(TestDatabase db) throws Exception {
    Database first = db.open();
    Database second = db.open();
    JdbcNetworkStore setup = new JdbcNetworkStore(first);
    networkWithSubnet(setup);
    Port created = Records.port("p", "n", "fa:16:3e:00:00:01");
    setup.insertPort(created);

    List<Race.Outcome<Boolean>> outcomes = Race.run(RACERS, racer ->
        new JdbcNetworkStore(racer % 2 == 0 ? first : second).updatePort(Records.renamed(created, "racer-" + racer)));

    assertThat(outcomes).allMatch(Race.Outcome::succeeded);
    List<Integer> winners = winners(outcomes);
    assertThat(winners).hasSize(1);
    Port stored = setup.port("p").orElseThrow();
    assertThat(stored.name()).isEqualTo("racer-" + winners.get(0));
    assertThat(stored.revisionNumber()).isEqualTo(2);
  }

  private static List<Integer> winners(List<Race.Outcome<Boolean>> outcomes) {
    return IntStream.range(0, outcomes.size())
        .filter(i -> outcomes.get(i).value())
        .boxed()
        .toList();
  }

  private static Subnet networkWithSubnet(JdbcNetworkStore store) {
    store.insertNetwork(Records.network("n", "demo", false));
    Subnet s = Records.subnet("s", "n", 4);
    store.insertSubnet(s);
    return s;
  }

  private static Port withFixedIps(Port p, List<Port.FixedIp> fixedIps) {
    return new Port(p.id(), p.name(), p.networkId(), p.projectId(), p.macAddress(), fixedIps, p.vnicType(),
        p.bindingHostId(), p.bindingProfile(), p.bindingVifType(), p.deviceId(), p.deviceOwner(), p.status(),
        p.adminStateUp(), p.createdAt(), p.updatedAt(), p.revisionNumber());
  }
}

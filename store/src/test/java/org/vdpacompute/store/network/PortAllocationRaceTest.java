package org.vdpacompute.store.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vdpacompute.store.network.Records.ip;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.vdpacompute.controller.network.IpAddressInUseException;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.network.Port;
import org.vdpacompute.controller.network.Subnet;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.Race;
import org.vdpacompute.store.testing.TestDatabase;

/**
 * Controllers create ports on one subnet at the same time. Each chooses the lowest address it read
 * as free, so racers choose alike; the subnet's key lets one of them have it, and never two.
 */
class PortAllocationRaceTest {
  private static final int RACERS = 8;
  private static final int PORTS_PER_RACER = 2;
  /** Of a /28's 16 addresses, the network's, the gateway's and the broadcast are not for ports. */
  private static final List<String> ADDRESSES =
      IntStream.rangeClosed(2, 14).mapToObj(i -> "10.28.0." + i).toList();

  /**
   * Eight threads on two controllers, two ports each: 16 requests for 13 addresses. Every port gets
   * an address of its own, and the three left over are refused because the subnet is full, not
   * because a racer happened to choose what another had just taken.
   */
  @EachDatabase
  void portsCreatedAtOnceGetDistinctAddressesUntilTheSubnetRunsOut(TestDatabase db) throws Exception {
    List<Database> controllers = List.of(db.open(), db.open());
    NetworkService admin = service(controllers.get(0), -1);
    Network n = admin.createNetwork(new NetworkService.NetworkRequest("race", "demo", null, null, null, false, null));
    Subnet s = admin.createSubnet(new NetworkService.SubnetRequest("race", n.id(), null, "10.28.0.0/28", 4, null,
        false, null));

    // Each racer is a request handler with its own service: SplittableRandom is not thread-safe.
    List<Race.Outcome<List<Race.Outcome<Port>>>> racers = Race.run(RACERS, racer -> {
      NetworkService service = service(controllers.get(racer % controllers.size()), racer);
      List<Race.Outcome<Port>> created = new ArrayList<>();
      for (int i = 0; i < PORTS_PER_RACER; i++) {
        try {
          created.add(new Race.Outcome<>(service.createPort(new NetworkService.PortRequest("r" + racer + "-" + i,
              n.id(), "demo", "vdpa", null, null, Map.of(), null, null)), null));
        } catch (RuntimeException e) {
          created.add(new Race.Outcome<>(null, e));
        }
      }
      return created;
    });

    assertThat(racers).allMatch(Race.Outcome::succeeded);
    List<Race.Outcome<Port>> requests = racers.stream().flatMap(r -> r.value().stream()).toList();
    List<Port> ports = requests.stream().filter(Race.Outcome::succeeded).map(Race.Outcome::value).toList();
    List<Throwable> refusals = requests.stream().filter(r -> !r.succeeded()).map(Race.Outcome::failure).toList();
    assertThat(ports).extracting(p -> p.fixedIps().get(0).ipAddress())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(ADDRESSES);
    assertThat(refusals).hasSize(RACERS * PORTS_PER_RACER - ADDRESSES.size())
        .allSatisfy(e -> assertThat(e).isExactlyInstanceOf(ConflictException.class)
            .hasMessage("No more IP addresses available on network " + n.id() + " (subnet 10.28.0.0/28)."));
    JdbcNetworkStore store = new JdbcNetworkStore(controllers.get(1));
    assertThat(store.usedIps(s.id())).containsExactlyInAnyOrderElementsOf(ADDRESSES);
    assertThat(addressesById(store.portsOnNetwork(n.id()))).isEqualTo(addressesById(ports));
  }

  /** Without the service choosing again, the store alone: of eight inserts of one address, one wins. */
  @EachDatabase
  void ofInsertsOfOneAddressAtOnceOneWinsAndTheRestAreRefused(TestDatabase db) throws Exception {
    List<Database> controllers = List.of(db.open(), db.open());
    JdbcNetworkStore setup = new JdbcNetworkStore(controllers.get(0));
    setup.insertNetwork(Records.network("n", "demo", false));
    Subnet s = Records.subnet("s", "n", 4);
    setup.insertSubnet(s);

    List<Race.Outcome<String>> outcomes = Race.run(RACERS, racer -> {
      Port port = Records.port("p" + racer, "n", String.format("fa:16:3e:00:00:%02x", racer), ip(s, "10.4.0.2"));
      new JdbcNetworkStore(controllers.get(racer % controllers.size())).insertPort(port);
      return port.id();
    });

    assertThat(outcomes).filteredOn(Race.Outcome::succeeded).hasSize(1);
    assertThat(outcomes).filteredOn(o -> !o.succeeded()).hasSize(RACERS - 1)
        .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(IpAddressInUseException.class)
            .hasMessage("IP address 10.4.0.2 is in use on subnet s"));
    String winner = outcomes.stream().filter(Race.Outcome::succeeded).findFirst().orElseThrow().value();
    assertThat(setup.ports(null)).extracting(Port::id).containsExactly(winner);
    assertThat(setup.usedIps("s")).containsExactly("10.4.0.2");
  }

  private static NetworkService service(Database database, int seed) {
    return new NetworkService(new JdbcNetworkStore(database), Clock.systemUTC(), new SplittableRandom(seed));
  }

  private static Map<String, String> addressesById(List<Port> ports) {
    return ports.stream().collect(Collectors.toMap(Port::id, p -> p.fixedIps().get(0).ipAddress()));
  }
}

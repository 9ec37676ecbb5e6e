package org.vdpacompute.store.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.vdpacompute.controller.identity.Project;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.network.Network;
import org.vdpacompute.controller.network.NetworkService;
import org.vdpacompute.controller.quota.OverQuotaException;
import org.vdpacompute.controller.quota.QuotaExceededException;
import org.vdpacompute.controller.quota.QuotaResource;
import org.vdpacompute.controller.quota.Quotas;
import org.vdpacompute.store.Database;
import org.vdpacompute.store.compute.JdbcInstanceStore;
import org.vdpacompute.store.compute.JdbcUnitOfWork;
import org.vdpacompute.store.identity.JdbcIdentityStore;
import org.vdpacompute.store.network.JdbcNetworkStore;
import org.vdpacompute.store.testing.EachDatabase;
import org.vdpacompute.store.testing.Race;
import org.vdpacompute.store.testing.TestDatabase;

/**
 * Creates of one project that race for the last of its quota: as many succeed as the limit lets,
 * never more, each loser refused in its API's words; counted on H2 and on PostgreSQL.
 */
class QuotaRaceTest {
  private static final int RACERS = 8;
  private static final Flavor TINY = new Flavor("tiny", "m1.tiny", 1, 512, 1, 0, 0, 1.0, true, null, Map.of());

  private static Quotas quotas(Database database, String project, Map<QuotaResource, Integer> limits) {
    new JdbcIdentityStore(database).createProject(new Project(project, project, "default", true));
    Quotas quotas = new Quotas(new JdbcQuotaStore(database), new JdbcUnitOfWork(database));
    quotas.set(project, limits, true);
    return quotas;
  }

  @EachDatabase
  void concurrentBootsNeverBothSqueezeUnderTheInstancesQuota(TestDatabase db) throws Exception {
    Database database = db.open();
    Quotas quotas = quotas(database, "team", Map.of(QuotaResource.INSTANCES, 3));
    JdbcUnitOfWork units = new JdbcUnitOfWork(database);
    JdbcInstanceStore instances = new JdbcInstanceStore(database);
    // What a boot records, in one transaction: its room in the quota taken, the server inserted.
    List<Race.Outcome<String>> outcomes = Race.run(RACERS, racer -> units.run(() -> {
      quotas.claim("team", Map.of(QuotaResource.INSTANCES, 1L, QuotaResource.CORES, 1L, QuotaResource.RAM, 512L));
      String uuid = UUID.randomUUID().toString();
      instances.insert(Instance.accepted(uuid, "vm-" + racer, "team", "user", TINY, "image", List.of(), List.of(),
          Instant.now()));
      return uuid;
    }));
    assertThat(outcomes).filteredOn(Race.Outcome::succeeded).hasSize(3);
    assertThat(outcomes).filteredOn(o -> !o.succeeded()).allSatisfy(o -> assertThat(o.failure())
        .isInstanceOf(QuotaExceededException.class)
        .hasMessage("Quota exceeded for instances: Requested 1, but already used 3 of 3 instances"));
    assertThat(instances.instances("team")).hasSize(3);
    assertThat(quotas.usage("team", QuotaResource.Service.COMPUTE)).containsEntry(QuotaResource.INSTANCES, 3L)
        .containsEntry(QuotaResource.CORES, 3L).containsEntry(QuotaResource.RAM, 1536L);
  }

  @EachDatabase
  void aProjectWithoutLimitsCreatesAtOnceAndEveryCreateSucceeds(TestDatabase db) throws Exception {
    Database database = db.open();
    Quotas quotas = quotas(database, "load", Map.of(QuotaResource.INSTANCES, QuotaResource.UNLIMITED,
        QuotaResource.CORES, QuotaResource.UNLIMITED, QuotaResource.RAM, QuotaResource.UNLIMITED,
        QuotaResource.PORT, QuotaResource.UNLIMITED));
    JdbcUnitOfWork units = new JdbcUnitOfWork(database);
    JdbcInstanceStore instances = new JdbcInstanceStore(database);
    NetworkService networks = new NetworkService(new JdbcNetworkStore(database), Clock.systemUTC(), new SplittableRandom(5),
        quotas::insertWithin);
    Network net = networks.createNetwork(new NetworkService.NetworkRequest("n", "load", "geneve", null, null, null, null));
    // A port, then a boot on it, by each racer at once: as a load test's clients do.
    List<Race.Outcome<String>> outcomes = Race.run(RACERS * 2, racer -> {
      networks.createPort(new NetworkService.PortRequest("p-" + racer, net.id(), "load", null, null, null, null, null, null));
      return units.run(() -> {
        quotas.claim("load", Map.of(QuotaResource.INSTANCES, 1L, QuotaResource.CORES, 1L, QuotaResource.RAM, 512L));
        String uuid = UUID.randomUUID().toString();
        instances.insert(Instance.accepted(uuid, "vm-" + racer, "load", "user", TINY, "image", List.of(), List.of(),
            Instant.now()));
        return uuid;
      });
    });
    assertThat(outcomes).allSatisfy(o -> assertThat(o.succeeded()).as(String.valueOf(o.failure())).isTrue());
    assertThat(instances.instances("load")).hasSize(RACERS * 2);
    assertThat(networks.ports("load")).hasSize(RACERS * 2);
  }

  @EachDatabase
  void concurrentPortCreatesStopAtThePortsQuota(TestDatabase db) throws Exception {
    Database database = db.open();
    Quotas quotas = quotas(database, "team", Map.of(QuotaResource.PORT, 2));
    NetworkService networks = new NetworkService(new JdbcNetworkStore(database), Clock.systemUTC(), new SplittableRandom(3),
        quotas::insertWithin);
    Network net = networks.createNetwork(new NetworkService.NetworkRequest("n", "team", "geneve", null, null, null, null));
    List<Race.Outcome<String>> outcomes = Race.run(RACERS, racer -> networks.createPort(new NetworkService.PortRequest(
        "p-" + racer, net.id(), "team", null, null, null, null, null, null)).id());
    assertThat(outcomes).filteredOn(Race.Outcome::succeeded).hasSize(2);
    assertThat(outcomes).filteredOn(o -> !o.succeeded()).allSatisfy(o -> assertThat(o.failure())
        .isInstanceOf(OverQuotaException.class).hasMessage("Quota exceeded for resources: ['port']."));
    assertThat(networks.ports("team")).hasSize(2);
  }
}

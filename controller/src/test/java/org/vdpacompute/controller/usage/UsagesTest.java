package org.vdpacompute.controller.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vdpacompute.controller.model.Flavor;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceStore;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.core.InvalidValueException;

/** Nova's simple tenant usage: hours within the period, deleted servers' end, pages after a marker. */
class UsagesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Flavor FLAVOR = new Flavor("f", "m1.small", 2, 2048, 10, 5, 0, 1.0, true, null, Map.of());
  private static final Clock NOW = Clock.fixed(T0.plus(Duration.ofHours(5)), ZoneOffset.UTC);

  private static Instance server(String uuid, String project, Instant created, Instant launched, VmState state,
      Instant updated) {
    return new Instance(uuid, "vm-" + uuid, project, "u", FLAVOR, "img", List.of(), List.of(), "compute-0", state,
        null, null, List.of(), created, updated, launched, 1);
  }

  /** The store's part that usage reads: what existed in the period, in creation order. */
  private static Usages over(List<Instance> all) {
    InstanceStore store = new InstanceStore() {
      @Override
      public List<Instance> existedBetween(Instant start, Instant stop, String projectId) {
        List<Instance> found = new ArrayList<>();
        for (Instance i : all) {
          boolean existed = !i.createdAt().isAfter(stop) && (i.vmState() != VmState.DELETED || !i.updatedAt().isBefore(start));
          if (existed && (projectId == null || projectId.equals(i.projectId()))) found.add(i);
        }
        return found;
      }

      @Override
      public void insert(Instance instance) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<Instance> instance(String uuid) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<Instance> instances(String projectId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<Instance> onHost(String host) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean update(Instance instance) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean rename(String uuid, String name, Instant now) {
        throw new UnsupportedOperationException();
      }
    };
    return new Usages(store, NOW);
  }

  private static final List<Instance> SERVERS = List.of(
      // launched an hour into the period, still running
      server("a", "p1", T0, T0.plus(Duration.ofHours(1)), VmState.ACTIVE, T0.plus(Duration.ofHours(1))),
      // launched before the period, deleted two hours into it
      server("b", "p1", T0.minus(Duration.ofHours(2)), T0.minus(Duration.ofHours(1)), VmState.DELETED,
          T0.plus(Duration.ofHours(2))),
      // never launched
      server("c", "p2", T0, null, VmState.ERROR, T0));

  @Test
  void hoursRunFromLaunchOrThePeriodsStartToDeletionOrThePeriodsEnd() {
    Usages.UsagePage page = over(SERVERS).report(T0, T0.plus(Duration.ofHours(3)), null, 1000, null);
    assertThat(page.lastServer()).isNull();
    assertThat(page.usages()).extracting(TenantUsage::tenantId).containsExactly("p1", "p2");
    TenantUsage p1 = page.usages().get(0);
    assertThat(p1.servers()).extracting(ServerUsage::hours).containsExactly(2.0, 2.0);
    assertThat(p1.servers()).extracting(ServerUsage::state).containsExactly("active", "terminated");
    assertThat(p1.servers().get(1).uptime()).isEqualTo(Duration.ofHours(3).toSeconds());
    assertThat(p1.servers().get(0).localGb()).isEqualTo(15);
    assertThat(p1.totalHours()).isEqualTo(4.0);
    assertThat(p1.totalVcpusUsage()).isEqualTo(8.0);
    assertThat(p1.totalMemoryMbUsage()).isEqualTo(4.0 * 2048);
    assertThat(page.usages().get(1).totalHours()).isZero();
  }

  /** A period that ends after now ends now, as Nova charges nothing ahead. */
  @Test
  void aPeriodEndingLaterEndsNow() {
    TenantUsage p1 = over(SERVERS).report(T0, T0.plus(Duration.ofDays(1)), "p1", 1000, null).usages().get(0);
    assertThat(p1.stop()).isEqualTo(NOW.instant());
    assertThat(p1.servers().get(0).hours()).isEqualTo(4.0);
  }

  @Test
  void pagesFollowTheMarkerAndAFullPageNamesItsLastServer() {
    Usages usages = over(SERVERS);
    Usages.UsagePage first = usages.report(T0, T0.plus(Duration.ofHours(3)), null, 2, null);
    assertThat(first.lastServer()).isEqualTo("b");
    Usages.UsagePage second = usages.report(T0, T0.plus(Duration.ofHours(3)), null, 2, first.lastServer());
    assertThat(second.usages()).singleElement().extracting(TenantUsage::tenantId).isEqualTo("p2");
    assertThat(second.lastServer()).isNull();
    assertThatThrownBy(() -> usages.report(T0, T0.plus(Duration.ofHours(3)), null, 2, "zzz"))
        .isInstanceOf(InvalidValueException.class).hasMessage("Marker zzz could not be found.");
    assertThatThrownBy(() -> usages.report(T0, T0, null, 2, null)).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("The start time cannot occur after the end time");
  }
}

package org.vdpacompute.controller.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vdpacompute.controller.model.UnitsRunAtOnce;

/**
 * What a quota check counts: a project's use is counted only of the service asked of, and not at
 * all when nothing asked has a limit (counting reads every server of the project, which made each
 * create of a project with many servers slower than the one before).
 */
class QuotasTest {
  private final CountingStore store = new CountingStore();
  private final Quotas quotas = new Quotas(store, new UnitsRunAtOnce());

  @Test
  void nothingIsCountedWhenNothingAskedHasALimit() {
    store.limits.put(QuotaResource.INSTANCES, QuotaResource.UNLIMITED);
    store.limits.put(QuotaResource.CORES, QuotaResource.UNLIMITED);
    store.limits.put(QuotaResource.RAM, QuotaResource.UNLIMITED);
    store.limits.put(QuotaResource.PORT, QuotaResource.UNLIMITED);

    quotas.checkServer("p", Map.of(QuotaResource.INSTANCES, 1L, QuotaResource.CORES, 2L, QuotaResource.RAM, 2048L), 0);
    quotas.claim("p", Map.of(QuotaResource.PORT, 1L));

    assertEquals(List.of(), store.counted);
    assertEquals(0, store.serialized);
  }

  @Test
  void onlyTheServiceAskedOfIsCounted() {
    quotas.claim("p", Map.of(QuotaResource.PORT, 1L));
    quotas.checkServer("p", Map.of(QuotaResource.INSTANCES, 1L, QuotaResource.CORES, 2L), 0);

    assertEquals(List.of(QuotaResource.Service.NETWORK, QuotaResource.Service.COMPUTE), store.counted);
  }

  @Test
  void aLimitedResourceIsStillCountedAndRefusedOverItsLimit() {
    store.limits.put(QuotaResource.CORES, QuotaResource.UNLIMITED);
    store.limits.put(QuotaResource.RAM, QuotaResource.UNLIMITED);
    store.limits.put(QuotaResource.INSTANCES, 3);
    store.used.put(QuotaResource.INSTANCES, 3L);

    QuotaExceededException e = assertThrows(QuotaExceededException.class,
        () -> quotas.claim("p", Map.of(QuotaResource.INSTANCES, 1L, QuotaResource.CORES, 2L)));

    assertEquals("Quota exceeded for instances: Requested 1, but already used 3 of 3 instances", e.getMessage());
    assertEquals(1, store.serialized);
  }

  @Test
  void aServerCreatesEarlyCheckReadsTheLimitsOnceForItsMetadataAndItsQuota() {
    store.limits.put(QuotaResource.METADATA_ITEMS, 2);

    quotas.checkServer("p", Map.of(QuotaResource.INSTANCES, 1L, QuotaResource.CORES, 2L), 2);
    assertEquals(1, store.limitReads);

    assertThrows(MetadataLimitExceededException.class,
        () -> quotas.checkServer("p", Map.of(QuotaResource.INSTANCES, 1L, QuotaResource.CORES, 2L), 3));
  }

  @Test
  void limitsSetWithoutCheckingUsageCountNothing() {
    quotas.set("p", Map.of(QuotaResource.INSTANCES, 1, QuotaResource.PORT, 1), false);

    assertEquals(List.of(), store.counted);
    assertEquals(1, (int) store.limits.get(QuotaResource.INSTANCES));
  }

  /** Limits and use kept in maps; records which service's use was counted, in order. */
  private static final class CountingStore implements QuotaStore {
    final Map<QuotaResource, Integer> limits = new EnumMap<>(QuotaResource.class);
    final Map<QuotaResource, Long> used = new EnumMap<>(QuotaResource.class);
    final List<QuotaResource.Service> counted = new ArrayList<>();
    int serialized;
    int limitReads;

    @Override
    public Map<QuotaResource, Integer> limits(String projectId) {
      limitReads++;
      return limits;
    }

    @Override
    public void setLimits(String projectId, Map<QuotaResource, Integer> set) {
      limits.putAll(set);
    }

    @Override
    public void clearLimits(String projectId, QuotaResource.Service service) {
      limits.keySet().removeIf(r -> r.service() == service);
    }

    @Override
    public void serialize(String projectId) {
      serialized++;
    }

    @Override
    public Map<QuotaResource, Long> usage(String projectId, QuotaResource.Service service) {
      counted.add(service);
      Map<QuotaResource, Long> of = new EnumMap<>(QuotaResource.class);
      used.forEach((r, n) -> {
        if (r.service() == service) of.put(r, n);
      });
      return of;
    }
  }
}

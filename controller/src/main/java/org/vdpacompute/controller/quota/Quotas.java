package org.vdpacompute.controller.quota;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vdpacompute.controller.model.UnitOfWork;
import org.vdpacompute.core.InvalidValueException;

/**
 * Projects' quotas, as Nova and Neutron keep them: a limit per resource, the default unless one
 * was set for the project, and what the project uses counted from what it has (Nova's counting
 * quotas: no reservations to leak). A create checks and adds in one transaction, after {@link
 * QuotaStore#serialize} has ordered it against the project's other creates, so that concurrent
 * creates never both squeeze under a limit.
 */
public final class Quotas {
  private final QuotaStore store;
  private final UnitOfWork units;

  public Quotas(QuotaStore store, UnitOfWork units) {
    this.store = store;
    this.units = units;
  }

  /** A service's default limits, in its API's order. */
  public static Map<QuotaResource, Integer> defaults(QuotaResource.Service service) {
    Map<QuotaResource, Integer> limits = new LinkedHashMap<>();
    for (QuotaResource r : QuotaResource.of(service)) limits.put(r, r.defaultLimit());
    return limits;
  }

  /** The limits in force for a project: those set for it, the defaults for the rest. */
  public Map<QuotaResource, Integer> limits(String projectId, QuotaResource.Service service) {
    Map<QuotaResource, Integer> limits = defaults(service);
    store.limits(projectId).forEach((r, limit) -> {
      if (r.service() == service) limits.put(r, limit);
    });
    return limits;
  }

  /** What a project uses of each resource of a service; 0 of those this cloud makes none of. */
  public Map<QuotaResource, Long> usage(String projectId, QuotaResource.Service service) {
    Map<QuotaResource, Long> counted = store.usage(projectId, service);
    Map<QuotaResource, Long> usage = new LinkedHashMap<>();
    for (QuotaResource r : QuotaResource.of(service)) usage.put(r, counted.getOrDefault(r, 0L));
    return usage;
  }

  /**
   * Sets limits of a project, each -1 (no limit) or more. A limit below what the project uses is
   * refused when {@code checkUsage} (Nova's default, unless forced; Neutron's {@code check_limit}).
   */
  public void set(String projectId, Map<QuotaResource, Integer> limits, boolean checkUsage) {
    if (limits.isEmpty()) return;
    units.run(() -> {
      Map<QuotaResource, Long> used = checkUsage ? usageOf(projectId, limits.keySet()) : Map.of();
      for (Map.Entry<QuotaResource, Integer> e : limits.entrySet()) {
        int limit = e.getValue();
        if (limit < QuotaResource.UNLIMITED) {
          throw new InvalidValueException("Quota limit " + limit + " for " + e.getKey().apiName()
              + " must be -1 (no limit) or more.");
        }
        long inUse = used.getOrDefault(e.getKey(), 0L);
        if (checkUsage && !QuotaResource.fits(limit, inUse, 0)) {
          throw new InvalidValueException("Quota limit " + limit + " for " + e.getKey().apiName()
              + " must be greater than or equal to already used and reserved " + inUse + ".");
        }
      }
      store.setLimits(projectId, limits);
      return null;
    });
  }

  /** Puts a service's limits of the project back to the defaults. */
  public void reset(String projectId, QuotaResource.Service service) {
    store.clearLimits(projectId, service);
  }

  /**
   * Refuses, within the caller's transaction, a create that would take the project over a limit,
   * after ordering it against the project's other creates; the caller adds what it asked for in
   * the same transaction.
   *
   * @param asked how many more of each resource the create adds (all of one service)
   * @throws QuotaExceededException for compute resources, in Nova's words
   * @throws OverQuotaException for networking resources, in Neutron's
   */
  public void claim(String projectId, Map<QuotaResource, Long> asked) {
    Map<QuotaResource, Integer> limits = limitsOf(projectId, asked);
    if (limited(asked, limits).isEmpty()) {
      // Nothing to count, so nothing to order: the project's creates need not queue on its row.
      return;
    }
    store.serialize(projectId);
    check(projectId, asked, limits);
  }

  /** The project's limits of the services the resources asked for belong to. */
  private Map<QuotaResource, Integer> limitsOf(String projectId, Map<QuotaResource, Long> asked) {
    Map<QuotaResource, Integer> limits = new EnumMap<>(QuotaResource.class);
    asked.keySet().stream().map(QuotaResource::service).distinct()
        .forEach(service -> limits.putAll(limits(projectId, service)));
    return limits;
  }

  /** The resources asked for, more of, that have a limit. */
  private static Set<QuotaResource> limited(Map<QuotaResource, Long> asked, Map<QuotaResource, Integer> limits) {
    Set<QuotaResource> limited = EnumSet.noneOf(QuotaResource.class);
    asked.forEach((r, n) -> {
      if (n > 0 && limits.get(r) != QuotaResource.UNLIMITED) limited.add(r);
    });
    return limited;
  }

  /** What the project uses of the services of the resources given. */
  private Map<QuotaResource, Long> usageOf(String projectId, Set<QuotaResource> resources) {
    Map<QuotaResource, Long> used = new EnumMap<>(QuotaResource.class);
    resources.stream().map(QuotaResource::service).distinct()
        .forEach(service -> used.putAll(store.usage(projectId, service)));
    return used;
  }

  /** Refuses what would take the project over a limit of those given; not ordered against concurrent creates. */
  private void check(String projectId, Map<QuotaResource, Long> asked, Map<QuotaResource, Integer> limits) {
    Set<QuotaResource> limited = limited(asked, limits);
    // Counting reads every server of the project: only what has a limit is counted.
    if (limited.isEmpty()) return;
    Map<QuotaResource, Long> used = usageOf(projectId, limited);
    List<QuotaExceededException.Over> overs = new ArrayList<>();
    for (QuotaResource r : limited) {
      long inUse = used.getOrDefault(r, 0L);
      int limit = limits.get(r);
      if (!QuotaResource.fits(limit, inUse, asked.get(r))) {
        overs.add(new QuotaExceededException.Over(r, asked.get(r), inUse, limit));
      }
    }
    if (overs.isEmpty()) return;
    if (overs.get(0).resource().service() == QuotaResource.Service.NETWORK) {
      throw new OverQuotaException(overs.stream().map(QuotaExceededException.Over::resource).toList());
    }
    // Nova names the resources over their limits in alphabetical order.
    overs.sort(Comparator.comparing(o -> o.resource().apiName()));
    throw new QuotaExceededException(overs);
  }

  /**
   * Runs the insert of one more of a networking resource (a network, subnet or port) in one
   * transaction with the claim of room for it in the project's quota.
   */
  public void insertWithin(String projectId, QuotaResource resource, Runnable insert) {
    if (projectId == null) {
      // A network of no project (an administrator's, made without one) counts against none.
      insert.run();
      return;
    }
    units.run(() -> {
      claim(projectId, Map.of(resource, 1L));
      insert.run();
      return null;
    });
  }

  /**
   * Refuses more metadata items on one server than its project's {@code metadata_items} allows,
   * in Nova's words (403).
   */
  public void checkMetadataItems(String projectId, int items) {
    checkMetadataItems(limits(projectId, QuotaResource.Service.COMPUTE), items);
  }

  private static void checkMetadataItems(Map<QuotaResource, Integer> limits, int items) {
    int limit = limits.get(QuotaResource.METADATA_ITEMS);
    if (!QuotaResource.fits(limit, items, 0)) {
      throw new MetadataLimitExceededException(limit);
    }
  }

  /**
   * A server create's early refusal, before it makes anything it would have to undo: its metadata
   * items ({@link #checkMetadataItems}), then its compute resources as {@link #claim} checks them but
   * not ordered against concurrent creates, against one read of the project's limits.
   *
   * @param asked compute resources only
   */
  public void checkServer(String projectId, Map<QuotaResource, Long> asked, int metadataItems) {
    Map<QuotaResource, Integer> limits = limits(projectId, QuotaResource.Service.COMPUTE);
    checkMetadataItems(limits, metadataItems);
    check(projectId, asked, limits);
  }

  /** Orders this transaction's change of the project's use against its others, as {@link #claim} does. */
  public void serialize(String projectId) {
    store.serialize(projectId);
  }
}

package org.vdpacompute.controller.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One move of a server, as {@code os-migrations} shows it. The devices claimed on the destination
 * are claimed under the migration's {@code uuid}: confirming frees what the instance holds under
 * any other claim on the source, reverting frees this claim on the destination.
 *
 * @param id the number os-migrations shows, given by the store (0 before insert)
 * @param sourceCells the host NUMA node of each guest cell on the source, to go back to on a revert
 * @param destCells the host NUMA node of each guest cell on the destination
 * @param revision bumped by every change; writers compare it to detect races
 */
public record Migration(
    long id,
    String uuid,
    String instanceUuid,
    Type type,
    Status status,
    String sourceHost,
    String destHost,
    Flavor oldFlavor,
    Flavor newFlavor,
    List<Integer> sourceCells,
    List<Integer> destCells,
    String projectId,
    String userId,
    Instant createdAt,
    Instant updatedAt,
    long revision) {

  public Migration {
    sourceCells = List.copyOf(sourceCells);
    destCells = List.copyOf(destCells);
  }

  /** Nova's migration types, with their API names. */
  public enum Type {
    MIGRATION("migration"), RESIZE("resize"), LIVE_MIGRATION("live-migration"), EVACUATION("evacuation");

    private final String apiName;

    Type(String apiName) {
      this.apiName = apiName;
    }

    public String apiName() {
      return apiName;
    }

    public static Type fromApiName(String name) {
      for (Type t : values()) if (t.apiName.equals(name)) return t;
      throw new IllegalArgumentException("unknown migration type " + name);
    }
  }

  /** The statuses a move goes through, as Nova names them. */
  public enum Status {
    PRE_MIGRATING, MIGRATING, POST_MIGRATING, FINISHED, CONFIRMING, CONFIRMED, REVERTING, REVERTED, RUNNING,
    COMPLETED, DONE, ERROR, FAILED;

    public String apiName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Status fromApiName(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Whether the move is over, one way or the other: its destination claim is settled. */
    public boolean isFinal() {
      return this == CONFIRMED || this == REVERTED || this == COMPLETED || this == DONE || this == ERROR || this == FAILED;
    }
  }

  /** The same migration in another status, one revision on. */
  public Migration with(Status next, Instant now) {
    return new Migration(id, uuid, instanceUuid, type, next, sourceHost, destHost, oldFlavor, newFlavor, sourceCells, destCells,
        projectId, userId, createdAt, now, revision + 1);
  }

  /** The same migration once its destination is known. */
  public Migration to(String host, List<Integer> cells, Status next, Instant now) {
    return new Migration(id, uuid, instanceUuid, type, next, sourceHost, host, oldFlavor, newFlavor, sourceCells, cells,
        projectId, userId, createdAt, now, revision + 1);
  }

  public boolean isSameHost() {
    return sourceHost != null && sourceHost.equals(destHost);
  }
}

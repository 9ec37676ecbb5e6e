package org.vdpacompute.controller.quota;

import java.util.List;
import java.util.stream.Collectors;
import org.vdpacompute.core.ForbiddenException;

/**
 * A server would take its project over its compute quota: 403, in Nova's words, which name each
 * resource over its limit with what was asked, used and allowed.
 */
public final class QuotaExceededException extends ForbiddenException {
  /** One resource over its limit. */
  public record Over(QuotaResource resource, long asked, long used, long limit) {}

  public QuotaExceededException(List<Over> overs) {
    super("Quota exceeded for " + join(overs, o -> o.resource().apiName()) + ": Requested " + join(overs, o -> "" + o.asked())
        + ", but already used " + join(overs, o -> "" + o.used()) + " of " + join(overs, o -> "" + o.limit()) + " "
        + join(overs, o -> o.resource().apiName()));
  }

  private static String join(List<Over> overs, java.util.function.Function<Over, String> part) {
    return overs.stream().map(part).collect(Collectors.joining(", "));
  }
}

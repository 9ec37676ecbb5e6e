package org.vdpacompute.controller.quota;

import java.util.List;
import java.util.stream.Collectors;
import org.vdpacompute.core.ConflictException;

/** A network, subnet or port would take its project over its networking quota: 409, in Neutron's words. */
public final class OverQuotaException extends ConflictException {
  public OverQuotaException(List<QuotaResource> overs) {
    super("Quota exceeded for resources: " + overs.stream().map(r -> "'" + r.apiName() + "'")
        .collect(Collectors.joining(", ", "[", "]")) + ".");
  }
}

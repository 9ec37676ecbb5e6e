package org.vdpacompute.core.pci.request;

import java.util.List;
import java.util.Objects;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.NumaPolicy;

/**
 * What one instance asks of a host's PCI devices for one purpose: {@code count} devices, each
 * matching one of {@code specs}.
 *
 * @param requestId unique id of this request, kept on the devices that serve it
 * @param requesterId the port a port's request comes from, else null
 * @param aliasName the flavor alias a flavor's request comes from, else null
 * @param numaPolicy the policy in force for this request (already resolved by precedence)
 * @param pluggedIntoSwitch whether the device serves a port whose VF representor the host's agent
 *     plugs into its offloaded switch ({@link VnicType#pluggedIntoSwitch}), so that a host whose
 *     switch is down cannot serve it
 */
public record PciRequest(
    String requestId,
    String requesterId,
    String aliasName,
    int count,
    List<RequestSpec> specs,
    NumaPolicy numaPolicy,
    boolean pluggedIntoSwitch) {

  public PciRequest {
    Objects.requireNonNull(requestId, "requestId");
    if (count < 1) {
      throw new InvalidValueException("PCI request " + requestId + " asks for " + count + " devices");
    }
    if (specs == null || specs.isEmpty()) {
      throw new InvalidValueException("PCI request " + requestId + " has no spec");
    }
    specs = List.copyOf(specs);
    numaPolicy = numaPolicy == null ? NumaPolicy.LEGACY : numaPolicy;
  }

  /** A request whose device no switch is involved with: a flavor alias's, or a port's wired otherwise. */
  public PciRequest(String requestId, String requesterId, String aliasName, int count, List<RequestSpec> specs,
      NumaPolicy numaPolicy) {
    this(requestId, requesterId, aliasName, count, specs, numaPolicy, false);
  }

  /** Who asked, for messages: the port or the alias. */
  public String describe() {
    if (requesterId != null) return "port " + requesterId;
    if (aliasName != null) return "alias " + aliasName + " x" + count;
    return "request " + requestId;
  }
}

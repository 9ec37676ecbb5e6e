package org.vdpacompute.core.pci.request;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.pci.DevType;
import org.vdpacompute.core.pci.Tags;

/**
 * One alternative of what a PCI request accepts: attribute values a pool must have. Values are
 * normalised with {@link Tags#normalize}; a null value means the pool must not have the attribute
 * (a port on a network with no physical network wants devices with no {@code physical_network}).
 * The device type and the remote-managed wish are read once here, as fitting asks for them often.
 */
public final class RequestSpec {
  private final Map<String, String> attributes;
  private final DevType devType;
  private final boolean asksRemoteManaged;

  public RequestSpec(Map<String, String> attributes) {
    Objects.requireNonNull(attributes, "attributes");
    Map<String, String> copy = new LinkedHashMap<>();
    attributes.forEach((k, v) -> {
      if (k == null || k.isBlank()) {
        throw new InvalidValueException("a PCI request spec has an empty key");
      }
      copy.put(k, Tags.normalize(v));
    });
    this.attributes = Collections.unmodifiableMap(copy);
    String type = copy.get(Tags.DEV_TYPE);
    this.devType = type == null ? null : DevType.fromApiName(type);
    this.asksRemoteManaged = "true".equals(copy.get(Tags.REMOTE_MANAGED));
  }

  /** The attributes, normalised; a null value means "must be absent". */
  public Map<String, String> attributes() {
    return attributes;
  }

  public String get(String key) {
    return attributes.get(key);
  }

  /** The device type this spec names, or null when it accepts any type it is allowed. */
  public DevType devType() {
    return devType;
  }

  /** True when the spec asks for remote-managed devices. */
  public boolean asksRemoteManaged() {
    return asksRemoteManaged;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestSpec && attributes.equals(((RequestSpec) o).attributes);
  }

  @Override
  public int hashCode() {
    return attributes.hashCode();
  }

  @Override
  public String toString() {
    return attributes.toString();
  }
}

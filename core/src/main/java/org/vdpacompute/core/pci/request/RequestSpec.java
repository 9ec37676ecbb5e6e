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
 */
public record RequestSpec(Map<String, String> attributes) {

  public RequestSpec {
    Objects.requireNonNull(attributes, "attributes");
    Map<String, String> copy = new LinkedHashMap<>();
    attributes.forEach((k, v) -> {
      if (k == null || k.isBlank()) {
        throw new InvalidValueException("a PCI request spec has an empty key");
      }
      copy.put(k, Tags.normalize(v));
    });
    attributes = Collections.unmodifiableMap(copy);
  }

  public String get(String key) {
    return attributes.get(key);
  }

  /** The device type this spec names, or null when it accepts any type it is allowed. */
  public DevType devType() {
    String value = attributes.get(Tags.DEV_TYPE);
    return value == null ? null : DevType.fromApiName(value);
  }

  /** True when the spec asks for remote-managed devices. */
  public boolean asksRemoteManaged() {
    return "true".equals(attributes.get(Tags.REMOTE_MANAGED));
  }
}

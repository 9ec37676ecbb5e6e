package org.vdpacompute.virt.guest;

import java.util.List;
import org.vdpacompute.core.InvalidValueException;

/** Everything the domain XML of a guest is built from. */
public record GuestSpec(
    DomainType domainType,
    GuestIdentity identity,
    GuestFlavor flavor,
    GuestImage image,
    List<GuestDevice> devices) {

  public GuestSpec {
    if (domainType == null || identity == null || flavor == null || image == null) {
      throw new InvalidValueException(
          "guest " + identity + " needs a domain type, an identity, a flavor and an image");
    }
    devices = devices == null ? List.of() : List.copyOf(devices);
  }

  /** True when a device needs the guest's memory locked (see {@link GuestXmlBuilder}). */
  public boolean needsLockedMemory() {
    return devices.stream().anyMatch(GuestDevice::usesDma);
  }
}

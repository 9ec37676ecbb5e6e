package org.vdpacompute.core.pci;

import java.util.Locale;
import org.vdpacompute.core.InvalidValueException;

/**
 * The life of a tracked device: {@code available -> claimed -> allocated -> available}. A parent
 * PF or its child VFs that cannot be used because of the other side of the tree are {@code
 * unclaimable} (the other side is claimed) or {@code unavailable} (allocated). A device gone from
 * the host is {@code removed} once nothing holds it.
 */
public enum DeviceStatus {
  AVAILABLE,
  CLAIMED,
  ALLOCATED,
  UNAVAILABLE,
  UNCLAIMABLE,
  REMOVED;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True while an instance holds the device. */
  public boolean isHeld() {
    return this == CLAIMED || this == ALLOCATED;
  }

  /** True when the other side of the PF/VF tree blocks the device. */
  public boolean isBlockedByRelative() {
    return this == UNAVAILABLE || this == UNCLAIMABLE;
  }

  public static DeviceStatus fromApiName(String name) {
    for (DeviceStatus s : values()) {
      if (s.apiName().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new InvalidValueException("unknown device status '" + name + "'");
  }

  @Override
  public String toString() {
    return apiName();
  }
}

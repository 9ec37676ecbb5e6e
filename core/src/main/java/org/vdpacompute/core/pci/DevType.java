package org.vdpacompute.core.pci;

import java.util.Locale;
import org.vdpacompute.core.InvalidValueException;

/** What kind of PCI device a tracked device is, with the names the APIs use. */
public enum DevType {
  /** A plain PCI device, passed through whole. */
  PCI("type-PCI"),
  /** An SR-IOV physical function. */
  PF("type-PF"),
  /** An SR-IOV virtual function with no vDPA device bound. */
  VF("type-VF"),
  /** An SR-IOV virtual function with a vDPA device bound: consumed only through vdpa ports. */
  VDPA("vdpa");

  private final String apiName;
  private final String tagValue;

  DevType(String apiName) {
    this.apiName = apiName;
    this.tagValue = apiName.toLowerCase(Locale.ROOT);
  }

  public String apiName() {
    return apiName;
  }

  /** True for the kinds that have a parent PF. */
  public boolean isChildFunction() {
    return this == VF || this == VDPA;
  }

  /** Parses an API name, case-insensitively ({@code type-PF}, {@code vdpa}, ...). */
  public static DevType fromApiName(String name) {
    if (name != null) {
      for (DevType t : values()) {
        if (t.apiName.equalsIgnoreCase(name.trim())) {
          return t;
        }
      }
    }
    throw new InvalidValueException(
        "unknown device type '" + name + "' (expected type-PCI, type-PF, type-VF or vdpa)");
  }

  /** The normalised string under which a pool or request spec compares this type. */
  public String tagValue() {
    return tagValue;
  }

  @Override
  public String toString() {
    return apiName;
  }
}

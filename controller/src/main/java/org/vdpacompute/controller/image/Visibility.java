package org.vdpacompute.controller.image;

import java.util.Locale;
import org.vdpacompute.core.InvalidValueException;

/**
 * Who sees an image besides its owner: everyone in the default list ({@code public}), everyone
 * who asks for it ({@code community}), nobody else ({@code private}; {@code shared} would add
 * members, which this cloud does not keep).
 */
public enum Visibility {
  PUBLIC,
  PRIVATE,
  SHARED,
  COMMUNITY;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when projects other than the owner may see the image. */
  public boolean openToAll() {
    return this == PUBLIC || this == COMMUNITY;
  }

  public static Visibility fromApiName(String name) {
    for (Visibility v : values()) {
      if (v.apiName().equals(name)) return v;
    }
    throw new InvalidValueException("Invalid visibility value: " + name
        + "; it is one of public, private, shared, community");
  }
}

package org.vdpacompute.controller.image;

import java.util.Locale;
import org.vdpacompute.core.InvalidValueException;

/**
 * Where an image is in its life, as Glance names it: {@code queued} until data is uploaded,
 * {@code saving} while one upload streams it in (a second upload is refused), {@code active} once
 * the data is stored with its size and checksums.
 */
public enum ImageStatus {
  QUEUED,
  SAVING,
  ACTIVE;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ImageStatus fromApiName(String name) {
    for (ImageStatus s : values()) {
      if (s.apiName().equals(name)) return s;
    }
    throw new InvalidValueException("Invalid status value: " + name + "; it is one of queued, saving, active");
  }
}

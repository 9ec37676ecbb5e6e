package org.vdpacompute.controller.image;

import java.time.Instant;
import java.util.Optional;
import org.vdpacompute.core.ForbiddenException;
import org.vdpacompute.core.InvalidValueException;

/**
 * The attributes of Glance's image schema an update may change, each applying a new value given as
 * text (the API has checked its JSON type). The formats describe the data: as in Glance, they change
 * only while the image is queued, before data is uploaded.
 */
public enum ImageAttribute {
  NAME("name") {
    @Override
    Image apply(Image i, String v, Instant now) {
      if (v.length() > MAX_NAME) throw new InvalidValueException("name is longer than " + MAX_NAME + " characters");
      return i.edited(v, i.visibility(), i.isProtected(), i.minDisk(), i.minRam(), i.diskFormat(), i.containerFormat(),
          i.properties(), now);
    }
  },
  VISIBILITY("visibility") {
    @Override
    Image apply(Image i, String v, Instant now) {
      return i.edited(i.name(), Visibility.fromApiName(v), i.isProtected(), i.minDisk(), i.minRam(), i.diskFormat(),
          i.containerFormat(), i.properties(), now);
    }
  },
  PROTECTED("protected") {
    @Override
    Image apply(Image i, String v, Instant now) {
      return i.edited(i.name(), i.visibility(), Boolean.parseBoolean(v), i.minDisk(), i.minRam(), i.diskFormat(),
          i.containerFormat(), i.properties(), now);
    }
  },
  MIN_DISK("min_disk") {
    @Override
    Image apply(Image i, String v, Instant now) {
      return i.edited(i.name(), i.visibility(), i.isProtected(), number(v), i.minRam(), i.diskFormat(),
          i.containerFormat(), i.properties(), now);
    }
  },
  MIN_RAM("min_ram") {
    @Override
    Image apply(Image i, String v, Instant now) {
      return i.edited(i.name(), i.visibility(), i.isProtected(), i.minDisk(), number(v), i.diskFormat(),
          i.containerFormat(), i.properties(), now);
    }
  },
  DISK_FORMAT("disk_format") {
    @Override
    Image apply(Image i, String v, Instant now) {
      requireQueued(i);
      return i.edited(i.name(), i.visibility(), i.isProtected(), i.minDisk(), i.minRam(), DiskFormat.fromApiName(v),
          i.containerFormat(), i.properties(), now);
    }
  },
  CONTAINER_FORMAT("container_format") {
    @Override
    Image apply(Image i, String v, Instant now) {
      requireQueued(i);
      return i.edited(i.name(), i.visibility(), i.isProtected(), i.minDisk(), i.minRam(), i.diskFormat(),
          ContainerFormat.fromApiName(v), i.properties(), now);
    }
  };

  static final int MAX_NAME = 255;

  private final String apiName;

  ImageAttribute(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  /** The image with this attribute set to {@code value}. */
  abstract Image apply(Image image, String value, Instant now);

  /** The attribute of this name, if an update may change it. */
  public static Optional<ImageAttribute> named(String name) {
    for (ImageAttribute a : values()) {
      if (a.apiName.equals(name)) return Optional.of(a);
    }
    return Optional.empty();
  }

  private static int number(String v) {
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new InvalidValueException("'" + v + "' is not an integer");
    }
    if (n < 0) throw new InvalidValueException("a minimum must be 0 or more, not " + n);
    return n;
  }

  void requireQueued(Image i) {
    if (i.status() != ImageStatus.QUEUED) {
      throw new ForbiddenException("Attribute " + apiName + " can be only replaced for a queued image.");
    }
  }
}

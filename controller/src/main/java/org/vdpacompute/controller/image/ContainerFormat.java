package org.vdpacompute.controller.image;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vdpacompute.core.InvalidValueException;

/** What wraps an image's disk, if anything, from Glance's default {@code container_formats}. */
public enum ContainerFormat {
  AMI, ARI, AKI, BARE, OVF, OVA, DOCKER, COMPRESSED;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> apiNames() {
    return Arrays.stream(values()).map(ContainerFormat::apiName).toList();
  }

  public static ContainerFormat fromApiName(String name) {
    for (ContainerFormat f : values()) {
      if (f.apiName().equals(name)) return f;
    }
    throw new InvalidValueException("Invalid container_format '" + name + "'; it is one of "
        + String.join(", ", apiNames()));
  }
}

package org.vdpacompute.controller.image;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vdpacompute.core.InvalidValueException;

/** The format of an image's disk, from Glance's default {@code disk_formats}. */
public enum DiskFormat {
  AMI, ARI, AKI, VHD, VHDX, VMDK, RAW, QCOW2, VDI, ISO, PLOOP;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> apiNames() {
    return Arrays.stream(values()).map(DiskFormat::apiName).toList();
  }

  public static DiskFormat fromApiName(String name) {
    for (DiskFormat f : values()) {
      if (f.apiName().equals(name)) return f;
    }
    throw new InvalidValueException("Invalid disk_format '" + name + "'; it is one of " + String.join(", ", apiNames()));
  }
}

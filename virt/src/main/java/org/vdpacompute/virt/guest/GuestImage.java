package org.vdpacompute.virt.guest;

import java.nio.file.Path;
import org.vdpacompute.core.InvalidValueException;

/**
 * The image a guest boots from and the guest's own root disk made from it.
 *
 * @param diskPath the guest's qcow2 root disk, under the host's state path
 */
public record GuestImage(String id, Path diskPath) {
  public GuestImage {
    if (id == null || id.isBlank()) {
      throw new InvalidValueException("image id is missing");
    }
    if (diskPath == null || !diskPath.isAbsolute()) {
      throw new InvalidValueException("image " + id + ": the disk path '" + diskPath + "' is not absolute");
    }
  }
}

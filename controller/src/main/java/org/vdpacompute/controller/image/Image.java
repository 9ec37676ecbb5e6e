package org.vdpacompute.controller.image;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.vdpacompute.core.InvalidValueException;

/**
 * An image as Glance v2 describes it. The data fields ({@code size}, {@code checksum},
 * {@code osHashAlgo}, {@code osHashValue}) are null until data is uploaded.
 *
 * @param owner the project the image belongs to
 * @param diskFormat null until set; data cannot be uploaded before both formats are set
 * @param checksum the MD5 of the data in hex, as Glance has always reported it
 * @param osHashAlgo the algorithm of {@code osHashValue}: {@value #HASH_ALGO}
 * @param minDisk gigabytes of disk a server booted from the image needs
 * @param minRam megabytes of memory a server booted from the image needs
 * @param isProtected true when the image must not be deleted
 * @param properties additional string properties (Glance keeps them beside the schema's)
 */
public record Image(
    String id,
    String name,
    ImageStatus status,
    Visibility visibility,
    String owner,
    DiskFormat diskFormat,
    ContainerFormat containerFormat,
    Long size,
    String checksum,
    String osHashAlgo,
    String osHashValue,
    int minDisk,
    int minRam,
    boolean isProtected,
    Map<String, String> properties,
    Instant createdAt,
    Instant updatedAt) {

  /** The secure hash Glance computes by default ({@code hashing_algorithm}). */
  public static final String HASH_ALGO = "sha512";

  public Image {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(visibility, "visibility");
    Objects.requireNonNull(owner, "owner");
    if (minDisk < 0) throw new InvalidValueException("min_disk must be 0 or more, not " + minDisk);
    if (minRam < 0) throw new InvalidValueException("min_ram must be 0 or more, not " + minRam);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  /** Whether a project sees this image: its owner, and everyone when public or community. */
  public boolean visibleTo(String project) {
    return visibility.openToAll() || owner.equals(project);
  }

  public Image withStatus(ImageStatus next, Instant now) {
    return new Image(id, name, next, visibility, owner, diskFormat, containerFormat, size, checksum, osHashAlgo,
        osHashValue, minDisk, minRam, isProtected, properties, createdAt, now);
  }

  /** The image with its editable attributes changed (an image update), its data and status as they were. */
  public Image edited(String newName, Visibility newVisibility, boolean newProtected, int newMinDisk, int newMinRam,
      DiskFormat newDiskFormat, ContainerFormat newContainerFormat, Map<String, String> newProperties, Instant now) {
    return new Image(id, newName, status, newVisibility, owner, newDiskFormat, newContainerFormat, size, checksum,
        osHashAlgo, osHashValue, newMinDisk, newMinRam, newProtected, newProperties, createdAt, now);
  }

  /** The image active with the data stored for it. */
  public Image withData(StoredData data, Instant now) {
    return new Image(id, name, ImageStatus.ACTIVE, visibility, owner, diskFormat, containerFormat, data.size(),
        data.md5(), HASH_ALGO, data.sha512(), minDisk, minRam, isProtected, properties, createdAt, now);
  }
}

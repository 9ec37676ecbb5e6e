package org.vdpacompute.controller.image;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.ForbiddenException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;

/**
 * Images as Glance v2 keeps them: created {@code queued}, made {@code active} by one upload of their
 * data, listed and shown to the projects that may see them, deleted with their data unless
 * protected. Authorization is the API's job; this checks that what is asked makes sense, and
 * answers "not found" for an image the viewer may not see, as Glance does.
 */
public final class ImageService {
  private static final int MAX_NAME = ImageAttribute.MAX_NAME;
  /** Tries of an update that a concurrent upload or update overtook. */
  private static final int UPDATE_TRIES = 3;
  private static final int MAX_PROPERTY_NAME = 255;
  private static final int MAX_PROPERTY_VALUE = 65535;

  private final ImageStore store;
  private final ImageFiles files;
  private final Clock clock;

  public ImageService(ImageStore store, ImageFiles files, Clock clock) {
    this.store = store;
    this.files = files;
    this.clock = clock;
  }

  /**
   * What an image create asks for; null fields take Glance's defaults (a generated id, no name,
   * visibility {@code shared}, no formats, 0 for the minimums, unprotected).
   *
   * @param owner the project the image will belong to
   */
  public record ImageRequest(String id, String name, String owner, String visibility, String diskFormat,
      String containerFormat, Integer minDisk, Integer minRam, Boolean isProtected, Map<String, String> properties) {}

  /**
   * Creates a queued image without data.
   *
   * @throws org.vdpacompute.core.InvalidValueException for an unknown format or visibility, a
   *     negative minimum, an id that is not a UUID
   * @throws ConflictException when the id is taken
   */
  public Image create(ImageRequest r) {
    String id = r.id() == null ? UUID.randomUUID().toString() : requireUuid(r.id());
    if (r.name() != null && r.name().length() > MAX_NAME) {
      throw new InvalidValueException("name is longer than " + MAX_NAME + " characters");
    }
    checkProperties(r.properties());
    Instant now = now();
    Image image = new Image(id, r.name(), ImageStatus.QUEUED,
        r.visibility() == null ? Visibility.SHARED : Visibility.fromApiName(r.visibility()), r.owner(),
        r.diskFormat() == null ? null : DiskFormat.fromApiName(r.diskFormat()),
        r.containerFormat() == null ? null : ContainerFormat.fromApiName(r.containerFormat()),
        null, null, null, null, r.minDisk() == null ? 0 : r.minDisk(), r.minRam() == null ? 0 : r.minRam(),
        Boolean.TRUE.equals(r.isProtected()), r.properties(), now, now);
    store.insert(image);
    return image;
  }

  /**
   * Applies an update's changes in order, as Glance applies a JSON patch: all or none. A change
   * that another request overtook (an upload, another update) is applied again to what it left.
   *
   * @param viewerProject the caller's project, null for an administrator
   * @throws NotFoundException when the image is not there or not visible
   * @throws ConflictException when a property to remove does not exist, or the image keeps changing
   */
  public Image update(String id, String viewerProject, List<ImageChange> changes) {
    for (int attempt = 0; attempt < UPDATE_TRIES; attempt++) {
      Image current = image(id, viewerProject);
      Image edited = applied(current, changes, now());
      if (store.update(edited, current.status())) return edited;
    }
    throw new ConflictException("image " + id + " changed while it was being updated; try again");
  }

  private static Image applied(Image image, List<ImageChange> changes, Instant now) {
    Image edited = image;
    for (ImageChange c : changes) {
      if (c.attribute() != null) {
        edited = c.attribute().apply(edited, c.value(), now);
        continue;
      }
      Map<String, String> properties = new java.util.LinkedHashMap<>(edited.properties());
      if (c.value() == null) {
        if (properties.remove(c.property()) == null) {
          throw new ConflictException("Property " + c.property() + " does not exist.");
        }
      } else {
        properties.put(c.property(), c.value());
        checkProperties(Map.of(c.property(), c.value()));
      }
      edited = edited.edited(edited.name(), edited.visibility(), edited.isProtected(), edited.minDisk(), edited.minRam(),
          edited.diskFormat(), edited.containerFormat(), properties, now);
    }
    return edited;
  }

  /**
   * Stores an image's data and makes it active with its size and checksums. Only a queued image
   * takes data; while one upload runs the image is {@code saving} and a second is refused. When
   * the upload fails the image is queued again, without data.
   *
   * @throws ConflictException when the image is not queued (Glance: 409)
   */
  public Image upload(String id, InputStream data) {
    Image image = image(id);
    if (image.diskFormat() == null || image.containerFormat() == null) {
      throw new InvalidValueException("Properties disk_format, container_format must be set prior to saving data.");
    }
    if (image.status() != ImageStatus.QUEUED) throw notQueued(image.status());
    Image saving = image.withStatus(ImageStatus.SAVING, now());
    if (!store.update(saving, ImageStatus.QUEUED)) {
      throw notQueued(image(id).status());
    }
    StoredData stored;
    try {
      stored = files.write(id, data);
    } catch (RuntimeException e) {
      store.update(saving.withStatus(ImageStatus.QUEUED, now()), ImageStatus.SAVING);
      throw e;
    }
    Image active = saving.withData(stored, now());
    if (!store.update(active, ImageStatus.SAVING)) {
      // Deleted while the data streamed in: the data has no image to belong to.
      files.delete(id);
      throw new NotFoundException("Image " + id + " was deleted while its data was uploaded.");
    }
    return active;
  }

  private static ConflictException notQueued(ImageStatus status) {
    return new ConflictException("Image status transition from " + status.apiName() + " to saving is not allowed");
  }

  /**
   * The data of an active image, to be closed by the caller.
   *
   * @throws ConflictException when the image has no data (yet)
   */
  public InputStream data(String id) {
    Image image = image(id);
    if (image.status() != ImageStatus.ACTIVE) {
      throw new ConflictException("Image " + id + " has no data; it is " + image.status().apiName());
    }
    return files.open(id);
  }

  /** Any image, whoever owns it. */
  public Image image(String id) {
    return store.image(id).orElseThrow(() -> notFound(id));
  }

  /** An image as a project sees it (null: an administrator): another project's private image is not found. */
  public Image image(String id, String viewerProject) {
    Image image = image(id);
    if (viewerProject != null && !image.visibleTo(viewerProject)) throw notFound(id);
    return image;
  }

  public List<Image> images(ImageQuery query) {
    return store.images(query);
  }

  /**
   * Deletes an image and its data.
   *
   * @throws ForbiddenException when the image is protected (Glance: 403)
   */
  public void delete(String id) {
    Image image = image(id);
    if (image.isProtected()) {
      throw new ForbiddenException("Image " + id + " is protected and cannot be deleted.");
    }
    if (!store.delete(id)) throw notFound(id);
    files.delete(id);
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("No image found with ID " + id);
  }

  private static String requireUuid(String id) {
    try {
      UUID parsed = UUID.fromString(id);
      if (parsed.toString().equalsIgnoreCase(id)) return id.toLowerCase(java.util.Locale.ROOT);
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new InvalidValueException("id '" + id + "' is not a UUID");
  }

  private static void checkProperties(Map<String, String> properties) {
    if (properties == null) return;
    properties.forEach((name, value) -> {
      if (name.isEmpty() || name.length() > MAX_PROPERTY_NAME) {
        throw new InvalidValueException("property name '" + name + "' must have 1 to " + MAX_PROPERTY_NAME + " characters");
      }
      if (value == null || value.length() > MAX_PROPERTY_VALUE) {
        throw new InvalidValueException("property '" + name + "' must be a string of at most " + MAX_PROPERTY_VALUE + " characters");
      }
    });
  }

  /** Microseconds: what both databases keep, so an image reads back as it was written. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}

package org.vdpacompute.controller.image;

import java.util.List;
import java.util.Optional;

/** Where images' metadata lives; their data is in {@link ImageFiles}. */
public interface ImageStore {
  /** Inserts a new image; an id already taken is a ConflictException ("Image with identifier ... already exists!"). */
  void insert(Image image);

  Optional<Image> image(String id);

  /** The images the query matches, newest first (then by id, descending), as Glance sorts them. */
  List<Image> images(ImageQuery query);

  /**
   * Replaces an image, properties included, if it still has the status {@code expected}; false when
   * it has another or is gone, so that of two uploads racing for a queued image only one wins.
   */
  boolean update(Image image, ImageStatus expected);

  /** Deletes an image; false when it was not there. */
  boolean delete(String id);
}

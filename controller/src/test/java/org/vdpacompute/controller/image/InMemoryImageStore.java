package org.vdpacompute.controller.image;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vdpacompute.core.ConflictException;

/** An image store in memory, with the store's rules (unique ids, conditional updates), for tests above the store. */
public final class InMemoryImageStore implements ImageStore {
  private static final Comparator<Image> NEWEST_FIRST =
      Comparator.comparing(Image::createdAt).thenComparing(Image::id).reversed();

  private final Map<String, Image> images = new ConcurrentHashMap<>();

  @Override
  public void insert(Image image) {
    if (images.putIfAbsent(image.id(), image) != null) {
      throw new ConflictException("Image with identifier " + image.id() + " already exists!");
    }
  }

  @Override
  public Optional<Image> image(String id) {
    return Optional.ofNullable(images.get(id));
  }

  @Override
  public List<Image> images(ImageQuery query) {
    return images.values().stream().filter(query::matches).sorted(NEWEST_FIRST).toList();
  }

  @Override
  public boolean update(Image image, ImageStatus expected) {
    return images.computeIfPresent(image.id(), (id, current) -> current.status() == expected ? image : current) == image;
  }

  @Override
  public boolean delete(String id) {
    return images.remove(id) != null;
  }
}

package org.vdpacompute.controller.image;

/**
 * Which images a list returns, as Glance filters them. Without a visibility filter a project sees
 * public images and its own; asking for {@code community} (or {@code public}) shows those of every
 * project, asking for {@code private} or {@code shared} only its own.
 *
 * @param viewerProject the project listing; null for an administrator, who sees every image
 * @param name exact name, or null for any
 * @param visibility null for the default list
 * @param status null for any
 */
public record ImageQuery(String viewerProject, String name, Visibility visibility, ImageStatus status) {

  /** The default list of a project (null: of an administrator). */
  public static ImageQuery visibleTo(String viewerProject) {
    return new ImageQuery(viewerProject, null, null, null);
  }

  public boolean matches(Image image) {
    if (name != null && !name.equals(image.name())) return false;
    if (status != null && status != image.status()) return false;
    if (visibility != null && visibility != image.visibility()) return false;
    if (viewerProject == null || image.owner().equals(viewerProject)) return true;
    return visibility == null ? image.visibility() == Visibility.PUBLIC : visibility.openToAll();
  }
}

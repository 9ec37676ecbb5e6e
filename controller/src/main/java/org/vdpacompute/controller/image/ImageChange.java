package org.vdpacompute.controller.image;

import java.util.Objects;

/**
 * One change of an image update: an attribute of the schema set, or an additional property set or
 * removed.
 *
 * @param attribute the schema's attribute; null for an additional property
 * @param property the additional property's name; null for an attribute
 * @param value the new value as text; null to remove the property
 */
public record ImageChange(ImageAttribute attribute, String property, String value) {
  public ImageChange {
    if ((attribute == null) == (property == null)) {
      throw new IllegalArgumentException("a change names an attribute or a property, not both or neither");
    }
    if (attribute != null) Objects.requireNonNull(value, "an attribute's value");
  }

  public static ImageChange set(ImageAttribute attribute, String value) {
    return new ImageChange(attribute, null, value);
  }

  public static ImageChange setProperty(String name, String value) {
    return new ImageChange(null, name, value);
  }

  public static ImageChange removeProperty(String name) {
    return new ImageChange(null, name, null);
  }
}

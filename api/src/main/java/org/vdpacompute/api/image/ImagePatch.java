package org.vdpacompute.api.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vdpacompute.api.http.JsonBodies;
import org.vdpacompute.controller.image.ImageAttribute;
import org.vdpacompute.controller.image.ImageChange;
import org.vdpacompute.core.ForbiddenException;
import org.vdpacompute.core.InvalidValueException;

/**
 * An image update as Glance takes it: a JSON patch ({@code application/openstack-images-v2.1-json-patch})
 * of {@code add}, {@code replace} and {@code remove} operations on the schema's attributes and on
 * additional properties, which is what {@code openstack image set} sends.
 */
final class ImagePatch {
  static final Set<String> MEDIA_TYPES = Set.of("application/openstack-images-v2.1-json-patch",
      "application/openstack-images-v2.0-json-patch");
  private static final Set<String> OPERATION_FIELDS = Set.of("op", "path", "value");

  private ImagePatch() {}

  /**
   * The changes of a patch, in order.
   *
   * @param readOnly attributes no update may change (403, as Glance answers)
   */
  static List<ImageChange> changes(JsonNode patch, Set<String> readOnly) {
    if (!patch.isArray()) {
      throw new InvalidValueException("an image update is a JSON patch: a list of operations such as"
          + " {\"op\": \"replace\", \"path\": \"/name\", \"value\": \"new-name\"}");
    }
    List<ImageChange> changes = new ArrayList<>();
    for (JsonNode operation : patch) changes.add(change(operation, readOnly));
    return changes;
  }

  private static ImageChange change(JsonNode operation, Set<String> readOnly) {
    if (!operation.isObject()) throw new InvalidValueException("each operation of the patch must be a JSON object");
    JsonBodies.onlyKnown(operation, "patch operation", OPERATION_FIELDS);
    String op = JsonBodies.text(operation, "op");
    String path = JsonBodies.text(operation, "path");
    if (op == null || path == null) throw new InvalidValueException("each operation of the patch needs 'op' and 'path'");
    String name = attribute(path);
    if (readOnly.contains(name) || name.equals("owner")) throw new ForbiddenException("Attribute '" + name + "' is read-only.");
    if (name.equals("tags")) throw new InvalidValueException("image tags are not supported");
    boolean remove = switch (op) {
      case "add", "replace" -> false;
      case "remove" -> true;
      default -> throw new InvalidValueException("Unable to find '" + JsonBodies.shown(op)
          + "' in JSON Schema change: the operation is one of add, replace and remove");
    };
    JsonNode value = operation.get("value");
    if (remove && value != null) throw new InvalidValueException("a remove operation takes no 'value'");
    ImageAttribute attribute = ImageAttribute.named(name).orElse(null);
    if (attribute != null) {
      if (remove) throw new ForbiddenException("Attribute '" + name + "' cannot be removed: replace it instead");
      return ImageChange.set(attribute, scalar(attribute, value));
    }
    if (remove) return ImageChange.removeProperty(name);
    if (value == null || !value.isTextual()) {
      throw new InvalidValueException("the value of property '" + name + "' must be a string");
    }
    return ImageChange.setProperty(name, value.asText());
  }

  /** The attribute a JSON pointer of one level names (Glance's paths have one). */
  private static String attribute(String path) {
    if (!path.startsWith("/") || path.length() == 1 || path.indexOf('/', 1) >= 0) {
      throw new InvalidValueException("Invalid JSON pointer for this resource: '" + JsonBodies.shown(path)
          + "': it is /NAME, one attribute or property");
    }
    return path.substring(1).replace("~1", "/").replace("~0", "~");
  }

  /** The value as text, once it has the JSON type the attribute takes. */
  private static String scalar(ImageAttribute attribute, JsonNode value) {
    boolean typed = switch (attribute) {
      case PROTECTED -> value != null && value.isBoolean();
      case MIN_DISK, MIN_RAM -> value != null && value.canConvertToInt() && value.isIntegralNumber();
      default -> value != null && value.isTextual();
    };
    if (!typed) {
      String type = switch (attribute) {
        case PROTECTED -> "a boolean";
        case MIN_DISK, MIN_RAM -> "an integer";
        default -> "a string";
      };
      throw new InvalidValueException("the value of '" + attribute.apiName() + "' must be " + type + ", not "
          + JsonBodies.shown(value == null ? NullNode.getInstance() : value));
    }
    return value.asText();
  }
}

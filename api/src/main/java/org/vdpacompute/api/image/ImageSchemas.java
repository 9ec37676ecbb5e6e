package org.vdpacompute.api.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.vdpacompute.controller.image.ContainerFormat;
import org.vdpacompute.controller.image.DiskFormat;
import org.vdpacompute.controller.image.ImageStatus;
import org.vdpacompute.controller.image.Visibility;

/**
 * The JSON schemas every image document links to ({@code /v2/schemas/image}, {@code /v2/schemas/images}),
 * in Glance's form, of what this cloud accepts: the formats, statuses and visibilities come from
 * the controller's own enums, and additional properties only in the owner-specified namespace.
 */
final class ImageSchemas {
  private ImageSchemas() {}

  static Map<String, Object> image() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", Map.of("type", "string", "description", "An identifier for the image",
        "pattern", "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$"));
    p.put("name", Map.of("type", List.of("null", "string"), "maxLength", 255, "description", "Descriptive name for the image"));
    p.put("status", readOnly(Map.of("type", "string", "enum", Stream.of(ImageStatus.values()).map(ImageStatus::apiName).toList(), "description", "Status of the image")));
    p.put("visibility", Map.of("type", "string", "enum", Stream.of(Visibility.values()).map(Visibility::apiName).toList(), "description", "Scope of image accessibility"));
    p.put("protected", Map.of("type", "boolean", "description", "If true, image will not be deletable."));
    p.put("os_hidden", Map.of("type", "boolean", "description", "If true, image will not appear in default image list response."));
    p.put("owner", Map.of("type", List.of("null", "string"), "maxLength", 255, "description", "Owner of the image"));
    p.put("disk_format", Map.of("type", List.of("null", "string"), "enum", nullAnd(DiskFormat.apiNames()),
        "description", "Format of the disk"));
    p.put("container_format", Map.of("type", List.of("null", "string"), "enum", nullAnd(ContainerFormat.apiNames()),
        "description", "Format of the container"));
    p.put("size", readOnly(Map.of("type", List.of("null", "integer"), "description", "Size of image file in bytes")));
    p.put("virtual_size", readOnly(Map.of("type", List.of("null", "integer"), "description", "Virtual size of image in bytes")));
    p.put("checksum", readOnly(Map.of("type", List.of("null", "string"), "maxLength", 32, "description", "md5 hash of image contents.")));
    p.put("os_hash_algo", readOnly(Map.of("type", List.of("null", "string"), "maxLength", 64,
        "description", "Algorithm to calculate the os_hash_value")));
    p.put("os_hash_value", readOnly(Map.of("type", List.of("null", "string"), "maxLength", 128,
        "description", "Hexdigest of the image contents using the algorithm specified by the os_hash_algo")));
    p.put("min_disk", Map.of("type", "integer", "minimum", 0, "description", "Amount of disk space (in GB) required to boot image."));
    p.put("min_ram", Map.of("type", "integer", "minimum", 0, "description", "Amount of ram (in MB) required to boot image."));
    p.put("tags", Map.of("type", "array", "maxItems", 0, "items", Map.of("type", "string", "maxLength", 255),
        "description", "List of strings related to the image"));
    p.put("created_at", readOnly(Map.of("type", "string", "description", "Date and time of image registration")));
    p.put("updated_at", readOnly(Map.of("type", "string", "description", "Date and time of the last image modification")));
    p.put("self", readOnly(Map.of("type", "string", "description", "An image self url")));
    p.put("file", readOnly(Map.of("type", "string", "description", "An image file url")));
    p.put("schema", readOnly(Map.of("type", "string", "description", "An image schema url")));
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("name", "image");
    schema.put("properties", p);
    schema.put("patternProperties", Map.of("^owner_specified\\.", Map.of("type", "string", "maxLength", 65535)));
    schema.put("additionalProperties", false);
    schema.put("links", List.of(link("self", "{self}"), link("enclosure", "{file}"), link("describedby", "{schema}")));
    return schema;
  }

  static Map<String, Object> images() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("images", Map.of("type", "array", "items", image()));
    p.put("schema", Map.of("type", "string"));
    p.put("first", Map.of("type", "string"));
    p.put("next", Map.of("type", "string"));
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("name", "images");
    schema.put("properties", p);
    schema.put("links", List.of(link("first", "{first}"), link("next", "{next}"), link("describedby", "{schema}")));
    return schema;
  }

  private static Map<String, Object> readOnly(Map<String, Object> property) {
    Map<String, Object> p = new LinkedHashMap<>(property);
    p.put("readOnly", true);
    return p;
  }

  private static List<Object> nullAnd(List<String> names) {
    List<Object> values = new ArrayList<>();
    values.add(null);
    values.addAll(names);
    return values;
  }

  private static Map<String, String> link(String rel, String href) {
    return Map.of("rel", rel, "href", href);
  }
}

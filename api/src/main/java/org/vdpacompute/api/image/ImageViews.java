package org.vdpacompute.api.image;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.controller.image.Image;

/** Images as Glance v2 renders them: the schema's attributes, then the additional properties beside them. */
final class ImageViews {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private ImageViews() {}

  static Map<String, Object> image(Image i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.id());
    m.put("name", i.name());
    m.put("status", i.status().apiName());
    m.put("visibility", i.visibility().apiName());
    m.put("protected", i.isProtected());
    m.put("os_hidden", false);
    m.put("owner", i.owner());
    m.put("disk_format", i.diskFormat() == null ? null : i.diskFormat().apiName());
    m.put("container_format", i.containerFormat() == null ? null : i.containerFormat().apiName());
    m.put("size", i.size());
    m.put("virtual_size", null);
    m.put("checksum", i.checksum());
    m.put("os_hash_algo", i.osHashAlgo());
    m.put("os_hash_value", i.osHashValue());
    m.put("min_disk", i.minDisk());
    m.put("min_ram", i.minRam());
    m.put("tags", List.of());
    m.put("created_at", time(i.createdAt()));
    m.put("updated_at", time(i.updatedAt()));
    m.put("self", ImageApi.LINK_ROOT + "/images/" + i.id());
    m.put("file", ImageApi.LINK_ROOT + "/images/" + i.id() + "/file");
    m.put("schema", ImageApi.LINK_ROOT + "/schemas/image");
    i.properties().forEach(m::putIfAbsent);
    return m;
  }

  private static String time(Instant t) {
    return TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}

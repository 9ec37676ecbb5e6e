package org.vdpacompute.api.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.api.http.ServiceCatalog;

/** Glance's version document: v2.9 current and the v2 minor versions before it, all at {@code /image/v2/}. */
final class ImageVersions {
  private static final int CURRENT_MINOR = 9;

  private ImageVersions() {}

  static Map<String, Object> document(ServiceCatalog catalog) {
    List<Map<String, Object>> versions = new ArrayList<>();
    for (int minor = CURRENT_MINOR; minor >= 0; minor--) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", "v2." + minor);
      v.put("status", minor == CURRENT_MINOR ? "CURRENT" : "SUPPORTED");
      v.put("links", List.of(Map.of("rel", "self", "href", catalog.url(ImageApi.V2 + "/"))));
      versions.add(v);
    }
    return Map.of("versions", versions);
  }
}

package org.vdpacompute.api.image;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vdpacompute.controller.image.Image;
import org.vdpacompute.controller.image.ImageQuery;
import org.vdpacompute.controller.image.ImageService;
import org.vdpacompute.controller.image.ImageStatus;
import org.vdpacompute.controller.image.Visibility;
import org.vdpacompute.core.InvalidValueException;

/**
 * One page of Glance's image list: the filters, then {@code marker} and {@code limit} (25 by
 * default, at most 1000, as Glance's defaults), with a {@code next} link that keeps the filters.
 * Clients follow {@code next} until it is absent.
 */
final class ImageList {
  private static final int DEFAULT_LIMIT = 25;
  private static final int MAX_LIMIT = 1000;
  private static final List<String> FILTERS = List.of("name", "visibility", "status", "os_hidden");
  private static final Set<String> PARAMETERS = Set.of("name", "visibility", "status", "os_hidden", "limit", "marker");

  private ImageList() {}

  static Map<String, Object> page(Context ctx, ImageService images, String viewerProject) {
    List<String> unknown = new ArrayList<>();
    for (String p : ctx.queryParamMap().keySet()) if (!PARAMETERS.contains(p)) unknown.add(p);
    if (!unknown.isEmpty()) {
      // Glance would take an unknown parameter as a property filter; refusing beats ignoring it.
      throw new InvalidValueException("unsupported image list parameter(s) '" + String.join(", ", unknown)
          + "'; images are filtered by name, visibility and status");
    }
    String visibility = ctx.queryParam("visibility");
    String status = ctx.queryParam("status");
    List<Image> all = hiddenOnly(ctx.queryParam("os_hidden")) ? List.of() : images.images(new ImageQuery(viewerProject,
        ctx.queryParam("name"), visibility == null ? null : Visibility.fromApiName(visibility),
        status == null ? null : ImageStatus.fromApiName(status)));
    int from = start(all, ctx.queryParam("marker"));
    int limit = limit(ctx.queryParam("limit"));
    List<Image> page = all.subList(from, Math.min(all.size(), from + limit));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("images", page.stream().map(ImageViews::image).toList());
    body.put("first", link(ctx, null));
    body.put("schema", ImageApi.LINK_ROOT + "/schemas/images");
    if (from + limit < all.size()) body.put("next", link(ctx, page.get(page.size() - 1).id()));
    return body;
  }

  /** No image is hidden (os_hidden): asking for hidden ones finds none. */
  private static boolean hiddenOnly(String osHidden) {
    if (osHidden == null || osHidden.equalsIgnoreCase("false")) return false;
    if (osHidden.equalsIgnoreCase("true")) return true;
    throw new InvalidValueException("os_hidden must be true or false, not '" + osHidden + "'");
  }

  private static int start(List<Image> all, String marker) {
    if (marker == null) return 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).id().equals(marker)) return i + 1;
    }
    throw new InvalidValueException("Invalid marker. Image " + marker + " could not be found.");
  }

  private static int limit(String text) {
    if (text == null) return DEFAULT_LIMIT;
    try {
      int limit = Integer.parseInt(text);
      if (limit > 0) return Math.min(limit, MAX_LIMIT);
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidValueException("limit must be a positive integer, not '" + text + "'");
  }

  /** {@code /v2/images} with the request's filters and limit, and the marker when given. */
  private static String link(Context ctx, String marker) {
    List<String> params = new ArrayList<>();
    for (String f : FILTERS) {
      String v = ctx.queryParam(f);
      if (v != null) params.add(f + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
    }
    if (ctx.queryParam("limit") != null) params.add("limit=" + URLEncoder.encode(ctx.queryParam("limit"), StandardCharsets.UTF_8));
    if (marker != null) params.add("marker=" + marker);
    return ImageApi.LINK_ROOT + "/images" + (params.isEmpty() ? "" : "?" + String.join("&", params));
  }
}

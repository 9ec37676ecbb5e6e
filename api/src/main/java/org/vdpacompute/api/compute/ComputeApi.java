package org.vdpacompute.api.compute;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ErrorShape;
import org.vdpacompute.api.http.ServiceApi;
import org.vdpacompute.api.http.ServiceCatalog;

/**
 * Compute v2.1: version discovery, microversion negotiation, and the resources given to it. A
 * request names its microversion in {@code OpenStack-API-Version: compute 2.N} (or the older
 * {@code X-OpenStack-Nova-API-Version}); none means 2.1; the answer says which one served it.
 */
public final class ComputeApi implements ServiceApi {
  static final String ROOT = "/compute";
  static final String V21 = ROOT + "/v2.1";
  private static final String VERSION_HEADER = "OpenStack-API-Version";
  private static final String LEGACY_HEADER = "X-OpenStack-Nova-API-Version";
  private static final String ATTRIBUTE = "vdpa.microversion";

  private final List<ComputeRoutes> resources;

  public ComputeApi(List<ComputeRoutes> resources) {
    this.resources = List.copyOf(resources);
  }

  @Override
  public String prefix() {
    return ROOT;
  }

  @Override
  public String openStackApi() {
    return "compute";
  }

  @Override
  public ErrorShape errorShape() {
    return ErrorShape.COMPUTE;
  }

  @Override
  public void addRoutes(Javalin app) {
    // Once the route is known and the caller authenticated, as in Nova, where the version is read
    // behind keystonemiddleware: an unknown path is 404 and a missing token 401 whatever the header.
    app.beforeMatched(ROOT + "/*", ComputeApi::negotiate);
    // Nova serves its version documents without a token.
    app.get(ROOT, ctx -> ctx.json(Map.of("versions", List.of(version(ctx)))), Access.PUBLIC);
    app.get(V21, ctx -> ctx.json(Map.of("version", version(ctx))), Access.PUBLIC);
    for (ComputeRoutes r : resources) {
      r.addRoutes(app);
    }
  }

  private static Map<String, Object> version(Context ctx) {
    ServiceCatalog catalog = ServiceCatalog.of(ctx);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", "v2.1");
    v.put("status", "CURRENT");
    v.put("version", Microversion.MAX.toString());
    v.put("min_version", Microversion.MIN.toString());
    v.put("updated", "2013-07-23T11:33:21Z");
    v.put("links", List.of(Map.of("rel", "self", "href", catalog.url(V21 + "/"))));
    v.put("media-types", List.of(Map.of("base", "application/json",
        "type", "application/vnd.openstack.compute+json;version=2.1")));
    return v;
  }

  /** Reads the requested microversion, refuses one we do not serve (400, 406), and echoes the one used. */
  static void negotiate(Context ctx) {
    String requested = requested(ctx);
    Microversion version = requested == null ? Microversion.MIN : Microversion.parseServed(requested);
    ctx.attribute(ATTRIBUTE, version);
    ctx.header(VERSION_HEADER, "compute " + version);
    ctx.header(LEGACY_HEADER, version.toString());
    ctx.header("Vary", VERSION_HEADER + ", " + LEGACY_HEADER);
  }

  /**
   * The version asked for, as microversion-parse reads it for Nova: the last {@code compute} entry
   * of {@code OpenStack-API-Version}, else the last value of the legacy header; null if neither.
   */
  private static String requested(Context ctx) {
    String header = ctx.header(VERSION_HEADER);
    if (header != null) {
      String[] parts = header.split(",");
      for (int i = parts.length - 1; i >= 0; i--) {
        String[] serviceVersion = parts[i].trim().split("\\s+", 2);
        if (serviceVersion.length == 2 && serviceVersion[0].equalsIgnoreCase("compute")) {
          return serviceVersion[1].trim();
        }
      }
    }
    String legacy = ctx.header(LEGACY_HEADER);
    if (legacy == null) return null;
    String[] values = legacy.split(",");
    return values.length == 0 ? "" : values[values.length - 1].trim();
  }

  /** The microversion that serves this request. */
  public static Microversion of(Context ctx) {
    Microversion v = ctx.attribute(ATTRIBUTE);
    return v == null ? Microversion.MIN : v;
  }
}

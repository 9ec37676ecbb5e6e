package org.vdpacompute.api.compute;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vdpacompute.api.http.ErrorShape;
import org.vdpacompute.api.http.ServiceApi;
import org.vdpacompute.api.http.ServiceCatalog;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;

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

  private final String publicBaseUrl;
  private final List<ComputeRoutes> resources;

  public ComputeApi(String publicBaseUrl, List<ComputeRoutes> resources) {
    this.publicBaseUrl = publicBaseUrl;
    this.resources = List.copyOf(resources);
  }

  @Override
  public String prefix() {
    return ROOT;
  }

  @Override
  public ErrorShape errorShape() {
    return ErrorShape.COMPUTE;
  }

  /** Nova serves its version documents without a token. */
  @Override
  public boolean isPublic(Context ctx) {
    return ctx.path().equals(ROOT) || ctx.path().equals(ROOT + "/") || ctx.path().equals(V21) || ctx.path().equals(V21 + "/");
  }

  @Override
  public void addRoutes(Javalin app) {
    app.before(ROOT + "/*", ComputeApi::negotiate);
    app.get(ROOT, ctx -> ctx.json(Map.of("versions", List.of(version(ctx)))));
    app.get(V21, ctx -> ctx.json(Map.of("version", version(ctx))));
    for (ComputeRoutes r : resources) {
      r.addRoutes(app);
    }
  }

  private Map<String, Object> version(Context ctx) {
    ServiceCatalog catalog = ServiceCatalog.forRequest(publicBaseUrl, ctx);
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

  /** Reads the requested microversion, refuses one we do not serve, and echoes the one used. */
  static void negotiate(Context ctx) {
    Microversion version = requested(ctx);
    if (!version.isSupported()) {
      throw new NotAcceptableVersion(version);
    }
    ctx.attribute(ATTRIBUTE, version);
    ctx.header(VERSION_HEADER, "compute " + version);
    ctx.header(LEGACY_HEADER, version.toString());
    ctx.header("Vary", VERSION_HEADER + ", " + LEGACY_HEADER);
  }

  private static Microversion requested(Context ctx) {
    String header = ctx.header(VERSION_HEADER);
    if (header != null) {
      for (String part : header.split(",")) {
        String[] serviceVersion = part.trim().split("\\s+");
        if (serviceVersion.length == 2 && serviceVersion[0].equalsIgnoreCase("compute")) {
          return Microversion.parse(serviceVersion[1]);
        }
      }
    }
    String legacy = ctx.header(LEGACY_HEADER);
    return legacy != null ? Microversion.parse(legacy) : Microversion.MIN;
  }

  /** The microversion that serves this request. */
  public static Microversion of(Context ctx) {
    Microversion v = ctx.attribute(ATTRIBUTE);
    return v == null ? Microversion.MIN : v;
  }

  /** A microversion outside the range we serve; Nova answers 406. */
  static final class NotAcceptableVersion extends VdpaComputeException {
    NotAcceptableVersion(Microversion v) {
      super("Version " + v + " is not supported by the API. Minimum is " + Microversion.MIN
          + " and maximum is " + Microversion.MAX + ".");
    }

    @Override
    public ErrorCategory category() {
      return ErrorCategory.INVALID;
    }
  }
}

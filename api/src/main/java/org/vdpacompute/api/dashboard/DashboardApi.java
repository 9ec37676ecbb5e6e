package org.vdpacompute.api.dashboard;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ErrorShape;
import org.vdpacompute.api.http.ServiceApi;

/**
 * {@code GET /dashboard/}: the operator's web page, three files served from the jar. The page itself
 * needs no token: it logs in with the identity API and every call it makes for data carries the
 * token, kept in the browser's session storage, so the APIs' own policies decide what it shows.
 *
 * <p>The files are read once, at start. Each answer carries an ETag of its content and asks the
 * browser to check again ({@code no-cache}), so that a new version of the program is seen at once
 * and an unchanged file costs a 304; and a content security policy that lets the page load nothing
 * but its own files and call nothing but this listener.
 */
public final class DashboardApi implements ServiceApi {
  static final String ROOT = "/dashboard";
  private static final String SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

  /** One file of the page: its bytes, type and tag. */
  private record Asset(byte[] body, String contentType, String etag) {}

  private final Map<String, Asset> assets = Map.of(
      "", asset("index.html", "text/html; charset=utf-8"),
      "dashboard.css", asset("dashboard.css", "text/css; charset=utf-8"),
      "dashboard.js", asset("dashboard.js", "text/javascript; charset=utf-8"));

  @Override
  public String prefix() {
    return ROOT;
  }

  @Override
  public ErrorShape errorShape() {
    return ErrorShape.IDENTITY;
  }

  @Override
  public void addRoutes(Javalin app) {
    // Trailing slashes are ignored by the router, so "/dashboard" and "/dashboard/" both land here.
    // Open: the page and its files are the same for everyone; the data they fetch needs a token.
    app.get(ROOT, ctx -> serve(ctx, assets.get("")), Access.PUBLIC);
    app.get(ROOT + "/{file}", ctx -> {
      Asset asset = assets.get(ctx.pathParam("file"));
      if (asset == null) {
        throw new io.javalin.http.NotFoundResponse();
      }
      serve(ctx, asset);
    }, Access.PUBLIC);
  }

  private static void serve(Context ctx, Asset asset) {
    ctx.header("ETag", asset.etag());
    ctx.header("Cache-Control", "no-cache");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Content-Security-Policy", SECURITY_POLICY);
    if (asset.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.contentType(asset.contentType()).result(asset.body());
  }

  private static Asset asset(String name, String contentType) {
    try (InputStream in = DashboardApi.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
      byte[] body = in.readAllBytes();
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return new Asset(body, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard's " + name + " from the jar", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}

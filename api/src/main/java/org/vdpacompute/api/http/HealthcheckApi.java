package org.vdpacompute.api.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /healthcheck} without a token, as oslo.middleware's healthcheck answers for OpenStack
 * services behind a load balancer: 200 with {@code {"detailed": false, "reasons": ["OK"]}} (the
 * text {@code OK} to a client that asks for text/plain only), and 204 to {@code HEAD}. The listener
 * answers 503 until the controller serves, so a balancer sends nothing to a controller still
 * starting.
 */
public final class HealthcheckApi implements ServiceApi {
  private static final String OK = "OK";

  @Override
  public String prefix() {
    return "/healthcheck";
  }

  @Override
  public ErrorShape errorShape() {
    return ErrorShape.IDENTITY;
  }

  @Override
  public void addRoutes(Javalin app) {
    // Public: load balancers and monitors carry no OpenStack token.
    app.get(prefix(), ctx -> {
      if (wantsTextOnly(ctx.header("Accept"))) {
        ctx.contentType("text/plain; charset=UTF-8").result(OK);
      } else {
        ctx.json(Map.of("detailed", false, "reasons", List.of(OK)));
      }
    }, Access.PUBLIC);
    app.head(prefix(), ctx -> ctx.status(204), Access.PUBLIC);
  }

  private static boolean wantsTextOnly(String accept) {
    return accept != null && accept.contains("text/plain") && !accept.contains("application/json");
  }
}

package org.vdpacompute.api.http;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.vdpacompute.controller.identity.Token;

/**
 * One line per request once it is answered, as the access log of an OpenStack API service:
 * {@code GET /compute/v2.1/servers 200 12 ms user=ID project=ID}, with the request id in the
 * line's logging context. Anonymous calls (logging in, version documents) show {@code -}.
 */
final class AccessLog {
  /** Its own logger, so that an operator can turn the access log down without the rest. */
  private static final Logger LOG = LoggerFactory.getLogger("org.vdpacompute.api.access");
  private static final String NONE = "-";

  private AccessLog() {}

  static void log(Context ctx, Float milliseconds) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    Token token = ctx.attribute(ApiServer.TOKEN);
    String query = ctx.queryString();
    // The request id left the thread's logging context when the request ended; the line carries it.
    String requestId = RequestIds.of(ctx);
    if (requestId != null) MDC.put(RequestIds.MDC_KEY, requestId);
    try {
      LOG.info("{} {} {} {} ms user={} project={}", ctx.method(), query == null ? ctx.path() : ctx.path() + "?" + query,
          ctx.statusCode(), Math.round(milliseconds), token == null ? NONE : token.user().id(),
          token == null ? NONE : token.project().id());
    } finally {
      MDC.remove(RequestIds.MDC_KEY);
    }
  }
}

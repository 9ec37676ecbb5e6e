package org.vdpacompute.api.http;

import io.javalin.http.Context;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * Every request gets an id ({@code req-UUID}, as OpenStack services make them), returned in the
 * {@code x-openstack-request-id} header and put in the logging context, so that the log lines of one
 * request can be found from what the client saw. Calls the controller makes to agents carry the
 * same id.
 */
public final class RequestIds {
  public static final String HEADER = "x-openstack-request-id";
  public static final String COMPUTE_HEADER = "x-compute-request-id";
  public static final String MDC_KEY = "request_id";
  private static final String ATTRIBUTE = "vdpa.request_id";

  private RequestIds() {}

  static void begin(Context ctx) {
    String id = "req-" + UUID.randomUUID();
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
    if (ctx.path().startsWith("/compute")) {
      ctx.header(COMPUTE_HEADER, id);
    }
    MDC.put(MDC_KEY, id);
  }

  static void end() {
    MDC.remove(MDC_KEY);
  }

  /** The id of the request being served. */
  public static String of(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }
}

package org.vdpacompute.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;

/**
 * The one HTTP listener of the controller: every service under its prefix, request ids, and the
 * mapping of errors to statuses and to each API's error body.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  /** Shared JSON settings: unknown fields in a request are an error, as the contract asks. */
  public static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final String ERROR_WRITTEN = "vdpa.error_written";

  private final Javalin app;
  private final String host;
  /** Null until {@link #serve}: the listener is bound but answers 503. */
  private volatile List<ServiceApi> services;

  private ApiServer(Javalin app, String host) {
    this.app = app;
    this.host = host;
  }

  /** Checks the token a request presents ({@code X-Auth-Token}); throws when it is not valid. */
  @FunctionalInterface
  public interface Authenticator {
    Token authenticate(String token);
  }

  static final String TOKEN = "vdpa.token";

  /**
   * Starts listening on {@code host:port} (port 0: any free port) with the given services; every
   * call a service does not declare public must present a valid token.
   */
  public static ApiServer start(String host, int port, Authenticator authenticator, List<ServiceApi> services) {
    return start(host, port, authenticator, new ApiMetrics(), services);
  }

  /** As {@link #start(String, int, Authenticator, List)}, counting requests in {@code metrics}. */
  public static ApiServer start(String host, int port, Authenticator authenticator, ApiMetrics metrics,
      List<ServiceApi> services) {
    return listen(host, port).serve(authenticator, metrics, services);
  }

  /**
   * Binds {@code host:port} (port 0: any free port) and answers every call with 503 until
   * {@link #serve} gives it its services. A program binds first so that an address in use stops
   * its start before it has written anything (a database, a state directory).
   *
   * @throws io.javalin.util.JavalinBindException if the address is in use or cannot be bound
   */
  public static ApiServer listen(String host, int port) {
    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(JSON, false));
      config.router.ignoreTrailingSlashes = true;
      config.http.defaultContentType = "application/json";
      config.requestLogger.http(AccessLog::log);
    });
    ApiServer server = new ApiServer(app, host);
    app.before(ctx -> {
      if (server.services == null) {
        throw new ServiceUnavailableResponse("starting: not serving requests yet");
      }
    });
    app.start(host, port);
    return server;
  }

  /**
   * Serves the services on the bound listener; every call a service does not declare public must
   * present a valid token. Call once.
   */
  public ApiServer serve(Authenticator authenticator, ApiMetrics metrics, List<ServiceApi> services) {
    if (this.services != null) {
      throw new IllegalStateException("already serving on port " + port());
    }
    ApiServer server = this;
    app.before(RequestIds::begin);
    app.before(metrics::begin);
    app.before(ctx -> {
      ServiceApi service = server.serviceFor(ctx.path());
      if (service != null && !service.isPublic(ctx)) {
        ctx.attribute(TOKEN, authenticator.authenticate(ctx.header("X-Auth-Token")));
      }
    });
    app.after(ctx -> {
      metrics.end(ctx);
      RequestIds.end();
    });
    app.exception(VdpaComputeException.class, (e, ctx) -> server.fail(ctx, e.category(), e.getClass(), e.getMessage()));
    app.exception(JsonProcessingException.class, (e, ctx) ->
        server.fail(ctx, ErrorCategory.INVALID, e.getClass(), "malformed request body: " + e.getOriginalMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
      server.fail(ctx, ErrorCategory.INTERNAL, e.getClass(), "internal error; see the controller's log for request " + RequestIds.of(ctx));
    });
    for (int status : new int[] {404, 405}) {
      // Javalin's own 404/405 (no route); an error of ours with that status was written already.
      app.error(status, ctx -> {
        if (ctx.attribute(ERROR_WRITTEN) == null) {
          server.fail(ctx, HttpStatuses.category(status), null,
              status == 404 ? "no resource at " + ctx.path() : ctx.method() + " is not allowed on " + ctx.path());
          ctx.status(status);
        }
      });
    }
    List<ServiceApi> all = List.copyOf(services);
    for (ServiceApi service : all) {
      service.addRoutes(app);
    }
    this.services = all;
    LOG.info("listening on {}:{}", host, app.port());
    return this;
  }

  private void fail(Context ctx, ErrorCategory category, Class<?> type, String message) {
    int status = category.httpStatus();
    if (status >= 500) {
      LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), message);
    }
    String typeName = type == null ? HttpStatuses.title(status).replace(" ", "")
        : type.getSimpleName().replaceFirst("Exception$", "");
    ctx.attribute(ERROR_WRITTEN, true);
    ctx.status(status).json(shapeFor(ctx.path()).body(status, category, typeName, message));
  }

  private ErrorShape shapeFor(String path) {
    ServiceApi s = serviceFor(path);
    return s == null ? ErrorShape.IDENTITY : s.errorShape();
  }

  private ServiceApi serviceFor(String path) {
    List<ServiceApi> serving = services;
    if (serving == null) return null;
    for (ServiceApi s : serving) {
      if (path.equals(s.prefix()) || path.startsWith(s.prefix() + "/")) return s;
    }
    return null;
  }

  /** The caller's token, checked before the handler ran. */
  public static Token token(Context ctx) {
    Token token = ctx.attribute(TOKEN);
    if (token == null) {
      throw new IllegalStateException("no token on a public call " + ctx.path());
    }
    return token;
  }

  public int port() {
    return app.port();
  }

  /** The base URL clients reach this listener at. */
  public URI baseUri(String host) {
    return URI.create("http://" + host + ":" + port());
  }

  @Override
  public void close() {
    app.stop();
  }
}

package org.vdpacompute.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.ServiceUnavailableResponse;
import io.javalin.router.EndpointNotFound;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.controller.policy.Target;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.ForbiddenException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotSupportedException;
import org.vdpacompute.core.VdpaComputeException;

/**
 * The one HTTP listener of the controller: every service under its prefix, request ids, the check
 * of each route's {@link Access} before its handler runs, the mapping of errors to statuses and to
 * each API's error body, and an access-log line per request. It binds first ({@link #listen}) and
 * answers 503 until it is given its services ({@link #serve}).
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  /**
   * Shared JSON settings: unknown fields in a request are an error, as the contract asks; so is
   * anything after the JSON value, and a value of another type than the field's (5 for a boolean).
   */
  public static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

  /** The caller's checked token; the access log names its user and project. */
  static final String TOKEN = "vdpa.token";
  private static final String ROUTE = "vdpa.route";
  private static final String SERVICE = "vdpa.service";
  static final String BASE_URL = "vdpa.base_url";
  /** Label of requests that matched no route, so that unknown URLs add no label values. */
  static final String UNMATCHED = "unmatched";

  private final Javalin app;
  private final RoutingGate gate;
  private final String host;
  private final boolean https;
  private final List<Route> routes;
  /** Null until {@link #serve}: the listener is bound but answers 503. */
  private volatile List<ServiceApi> services;
  private volatile String baseUrl;

  private ApiServer(Javalin app, String host, boolean https, List<Route> routes, RoutingGate gate) {
    this.app = app;
    this.gate = gate;
    this.host = host;
    this.https = https;
    this.routes = routes;
  }

  /** Checks the token a request presents ({@code X-Auth-Token}); throws when it is not valid. */
  @FunctionalInterface
  public interface Authenticator {
    Token authenticate(String token);
  }

  /** Starts listening on {@code host:port} (port 0: any free port) with the given services. */
  public static ApiServer start(String host, int port, Authenticator authenticator, List<ServiceApi> services) {
    return start(host, port, null, authenticator, new ApiMetrics(), services);
  }

  /**
   * Starts listening on {@code host:port} (port 0: any free port) with the given services, counting
   * requests in {@code metrics}.
   *
   * @param publicUrl where clients reach the listener, for the catalog and links
   *     ({@code [api] public_url}); null for the listen address itself ({@link PublicUrl#fromListen})
   */
  public static ApiServer start(String host, int port, String publicUrl, Authenticator authenticator,
      ApiMetrics metrics, List<ServiceApi> services) {
    return listen(host, port).serve(publicUrl, authenticator, metrics, services);
  }

  /**
   * Binds {@code host:port} (port 0: any free port) and answers every call with 503 until
   * {@link #serve} gives it its services. A program binds first so that an address in use stops
   * its start before it has written anything (a database, a state directory).
   *
   * @throws io.javalin.util.JavalinBindException if the address is in use or cannot be bound
   */
  public static ApiServer listen(String host, int port) {
    return listen(host, port, null);
  }

  /**
   * {@link #listen(String, int)}, serving HTTPS with {@code tls} (its key and certificate chain),
   * or plain HTTP when {@code tls} is null.
   */
  public static ApiServer listen(String host, int port, SSLContext tls) {
    List<Route> routes = Collections.synchronizedList(new ArrayList<>());
    RoutingGate gate = new RoutingGate();
    Javalin app = Javalin.create(config -> {
      config.jetty.modifyServletContextHandler(context ->
          context.addFilter(new FilterHolder(gate), "/*", EnumSet.of(DispatcherType.REQUEST)));
      config.showJavalinBanner = false;
      config.jsonMapper(new io.javalin.json.JavalinJackson(JSON, false));
      config.router.ignoreTrailingSlashes = true;
      config.http.defaultContentType = "application/json";
      // Bodies are read through JsonBodies, which applies each service's own limit. The services
      // are not known yet when the listener binds: anything that reads a body otherwise gets the
      // OpenStack services' limit, the smallest of them.
      config.http.maxRequestSize = ServiceApi.OPENSTACK_MAX_BODY_BYTES;
      config.jetty.modifyServer(jetty -> jetty.setErrorHandler(new JsonErrorPages()));
      if (tls != null) {
        // Javalin adds its plain connector only when none is given: this one is the listener.
        config.jetty.addConnector((jetty, http) -> TlsConnector.of(jetty, http, tls, host, port));
      }
      config.requestLogger.http(AccessLog::log);
      config.events(events -> events.handlerAdded(added -> {
        if (added.getHttpMethod().isHttpMethod()) {
          routes.add(new Route(added.getHttpMethod(), added.getPath(), Access.of(added.getRoles())));
        }
      }));
    });
    ApiServer server = new ApiServer(app, host, tls != null, routes, gate);
    app.before(ctx -> {
      if (server.services == null) {
        throw new NotServingYet();
      }
    });
    app.start(host, port);
    return server;
  }

  /**
   * Serves the services on the bound listener; every call must pass its route's {@link Access}.
   * Call once.
   *
   * @param publicUrl where clients reach the listener, for the catalog and links
   *     ({@code [api] public_url}); null for the listen address itself ({@link PublicUrl#fromListen})
   */
  public ApiServer serve(String publicUrl, Authenticator authenticator, ApiMetrics metrics, List<ServiceApi> services) {
    if (this.services != null) {
      throw new IllegalStateException("already serving on port " + port());
    }
    gate.changeRoutes(() -> addRoutes(publicUrl, authenticator, metrics, services));
    LOG.info("listening on {}:{}, reached at {}", host, app.port(), baseUrl);
    return this;
  }

  /** {@link #serve}'s work: the handlers every request passes, the services' routes, then the services. */
  private void addRoutes(String publicUrl, Authenticator authenticator, ApiMetrics metrics, List<ServiceApi> services) {
    ApiServer server = this;
    app.before(RequestIds::begin);
    app.before(metrics::begin);
    app.before(ctx -> {
      ServiceApi service = server.serviceFor(ctx.path());
      ctx.attribute(SERVICE, service);
      ctx.attribute(BASE_URL, server.baseUrl);
      ctx.attribute(JsonBodies.LIMIT, service == null ? ServiceApi.OPENSTACK_MAX_BODY_BYTES : service.maxBodyBytes());
    });
    app.beforeMatched(ctx -> server.authorize(ctx, authenticator));
    app.after(ctx -> {
      ServiceApi service = ctx.attribute(SERVICE);
      String route = ctx.attribute(ROUTE);
      metrics.end(ctx, service == null ? "none" : service.prefix().substring(1), route == null ? UNMATCHED : route);
      RequestIds.end();
    });
    app.exception(VdpaComputeException.class, (e, ctx) -> {
      if (e.category() == ErrorCategory.INTERNAL) {
        server.unexpected(ctx, e);
      } else {
        server.fail(ctx, e.category(), e.getClass(), e.getMessage());
      }
    });
    app.exception(JsonProcessingException.class, (e, ctx) ->
        server.fail(ctx, ErrorCategory.INVALID, e.getClass(), "malformed request body: " + e.getOriginalMessage()));
    // Javalin's own refusals (no route, a body over the size limit), in the service's shape.
    app.exception(HttpResponseException.class, (e, ctx) -> {
      if (e instanceof NotServingYet) {
        // Expected while the services are being registered: the access log has the 503.
        server.respond(ctx, ErrorCategory.UNAVAILABLE, null, e.getMessage());
        return;
      }
      if (e instanceof EndpointNotFound) {
        server.unsupported(ctx, authenticator);
        return;
      }
      ErrorCategory category = HttpStatuses.category(e.getStatus());
      server.fail(ctx, category, null, category == ErrorCategory.TOO_LARGE ? JsonBodies.tooLarge(ctx) : e.getMessage());
    });
    app.exception(Exception.class, (e, ctx) -> server.unexpected(ctx, e));
    List<ServiceApi> all = List.copyOf(services);
    for (ServiceApi service : all) {
      service.addRoutes(app);
    }
    baseUrl = publicUrl != null ? PublicUrl.normalized(publicUrl) : PublicUrl.fromListen(https, host, app.port());
    this.services = all;
  }

  /**
   * Before a matched route's handler: refuses NUL characters in its parameters (no store takes
   * them), checks the caller's token and the route's rule, and notes the route for the metrics.
   */
  private void authorize(Context ctx, Authenticator authenticator) {
    Access access = Access.of(ctx.routeRoles());
    if (access == null && ctx.method() == HandlerType.HEAD) {
      // Javalin would answer a HEAD of any GET route 200 without running it; only routes that
      // declare HEAD serve it.
      throw new MethodNotAllowed("HEAD is not served at " + ctx.path() + "; use GET");
    }
    ctx.attribute(ROUTE, ctx.endpointHandlerPath());
    if (access == null) {
      LOG.error("{} {} declares no access rule; every call to it is refused", ctx.method(), ctx.endpointHandlerPath());
      throw new ForbiddenException("no policy rule governs " + ctx.method() + " " + ctx.endpointHandlerPath()
          + "; it is refused to everyone");
    }
    refuseNul(ctx);
    if (access instanceof Access.Guarded guarded) {
      Token token = authenticator.authenticate(ctx.header("X-Auth-Token"));
      ctx.attribute(TOKEN, token);
      Policy.authorize(token, guarded.action(), Target.ANY);
    }
  }

  private static void refuseNul(Context ctx) {
    for (Map.Entry<String, String> p : ctx.pathParamMap().entrySet()) {
      if (p.getValue().indexOf('\0') >= 0) {
        throw new InvalidValueException("the path parameter '" + p.getKey() + "' contains a NUL character");
      }
    }
    for (Map.Entry<String, List<String>> q : ctx.queryParamMap().entrySet()) {
      if (q.getKey().indexOf('\0') >= 0 || q.getValue().stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
        throw new InvalidValueException("the query parameter '" + q.getKey().replace("\0", "\\0")
            + "' contains a NUL character");
      }
    }
  }

  /**
   * A call no route serves. Under a service's prefix it is a call of that OpenStack API that this
   * cloud does not serve (the real services have far more than vdpa-compute): 501 naming it, never
   * a bare 404 that a client would take for a missing resource. As behind Keystone's middleware, a
   * caller without a valid token learns nothing of the paths: 401 first. Elsewhere: 404.
   */
  private void unsupported(Context ctx, Authenticator authenticator) {
    ServiceApi service = serviceFor(ctx.path());
    if (service == null || service.openStackApi() == null) {
      fail(ctx, ErrorCategory.NOT_FOUND, null, "no resource at " + JsonBodies.shown(ctx.path()));
      return;
    }
    try {
      authenticator.authenticate(ctx.header("X-Auth-Token"));
    } catch (VdpaComputeException e) {
      fail(ctx, e.category(), e.getClass(), e.getMessage());
      return;
    }
    fail(ctx, ErrorCategory.NOT_IMPLEMENTED, NotSupportedException.class, "vdpa-compute does not support "
        + ctx.method() + " " + JsonBodies.shown(ctx.path()) + ": it is not a call of the " + service.openStackApi()
        + " API that this cloud serves");
  }

  /** A request that came before the services were registered: answered 503, not a failure. */
  private static final class NotServingYet extends ServiceUnavailableResponse {
    NotServingYet() {
      super("starting: not serving requests yet");
    }
  }

  /** A method the path does not serve. */
  static final class MethodNotAllowed extends VdpaComputeException {
    MethodNotAllowed(String message) {
      super(message);
    }

    @Override
    public ErrorCategory category() {
      return ErrorCategory.METHOD_NOT_ALLOWED;
    }
  }

  /**
   * A fault of ours: logged with its cause, answered 500 without its message, which may name the
   * database's URL or other internals no client should see.
   */
  private void unexpected(Context ctx, Exception e) {
    LOG.error("unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
    fail(ctx, ErrorCategory.INTERNAL, e.getClass(), "internal error; see the controller's log for request " + RequestIds.of(ctx));
  }

  private void fail(Context ctx, ErrorCategory category, Class<?> type, String message) {
    if (category.httpStatus() > 501) {
      // A 500 was logged with its exception where it was caught; a 501 is the caller's.
      LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), message);
    }
    respond(ctx, category, type, message);
  }

  private void respond(Context ctx, ErrorCategory category, Class<?> type, String message) {
    int status = category.httpStatus();
    String typeName = type == null ? HttpStatuses.title(status).replace(" ", "")
        : type.getSimpleName().replaceFirst("Exception$", "");
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

  /** Every route added, with the access it declared, in the order they were added. */
  public List<Route> routes() {
    synchronized (routes) {
      return List.copyOf(routes);
    }
  }

  public int port() {
    return app.port();
  }

  /** The URL the catalog and links give: {@code [api] public_url}, or the listen address. */
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() {
    app.stop();
  }
}

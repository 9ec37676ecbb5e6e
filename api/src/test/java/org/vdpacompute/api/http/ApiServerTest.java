package org.vdpacompute.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vdpacompute.api.LogCapture;
import org.vdpacompute.controller.identity.Project;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.identity.User;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.core.ConflictException;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;
import org.vdpacompute.core.VdpaComputeException;

class ApiServerTest {
  private static ApiServer server;
  private static final ApiMetrics METRICS = new ApiMetrics();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  record Body(String name) {}

  static final class Probe implements ServiceApi {
    private final String prefix;
    private final ErrorShape shape;
    private final String openStackApi;

    Probe(String prefix, ErrorShape shape, String openStackApi) {
      this.prefix = prefix;
      this.shape = shape;
      this.openStackApi = openStackApi;
    }

    @Override
    public String prefix() {
      return prefix;
    }

    @Override
    public String openStackApi() {
      return openStackApi;
    }

    @Override
    public ErrorShape errorShape() {
      return shape;
    }

    @Override
    public void addRoutes(Javalin app) {
      app.get(prefix + "/private", ctx -> ctx.result("secret"), Access.to(Action.FLAVOR_LIST));
      app.get(prefix + "/admin", ctx -> ctx.result("secret"), Access.to(Action.SERVICES));
      app.get(prefix + "/unguarded", ctx -> ctx.result("secret"));
      app.get(prefix + "/missing", ctx -> {
        throw new NotFoundException("server 42 not found");
      }, Access.PUBLIC);
      app.get(prefix + "/busy", ctx -> {
        throw new ConflictException("port p1 is in use by server s1");
      }, Access.PUBLIC);
      app.get(prefix + "/bad", ctx -> {
        throw new InvalidValueException("unknown binding:vnic_type 'x'");
      }, Access.PUBLIC);
      app.get(prefix + "/boom", ctx -> {
        throw new IllegalStateException("bug");
      }, Access.PUBLIC);
      app.get(prefix + "/database", ctx -> {
        throw new VdpaComputeException("transaction on jdbc:postgresql://db.internal/nova failed");
      }, Access.PUBLIC);
      app.get(prefix + "/things/{id}", ctx -> ctx.result(ctx.pathParam("id")), Access.PUBLIC);
      app.get(prefix + "/links", ctx -> ctx.result(ServiceCatalog.of(ctx).url("/x")), Access.PUBLIC);
      app.post(prefix + "/echo", ctx -> ctx.json(Map.of("name", JsonBodies.read(ctx, Body.class, "a body").name())),
          Access.PUBLIC);
    }
  }

  private static final Token ALICE = new Token("good", new User("user-1", "alice", "default", true, null),
      new Project("project-1", "demo", "default", true), Set.of(Role.MEMBER), Instant.EPOCH, Instant.MAX, "audit");

  @BeforeAll
  static void start() {
    server = ApiServer.start("127.0.0.1", 0, null, token -> {
      if (!"good".equals(token)) throw new org.vdpacompute.core.UnauthorizedException("bad token");
      return ALICE;
    }, METRICS, List.of(
        new Probe("/compute", ErrorShape.COMPUTE, "compute"), new Probe("/networking", ErrorShape.NETWORK, "networking"),
        new Probe("/own", ErrorShape.IDENTITY, null), new HealthcheckApi()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return ApiServer.JSON.readTree(r.body());
  }

  @Test
  void aCallThatIsNotPublicNeedsAValidToken() throws Exception {
    HttpResponse<String> none = get("/compute/private");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).at("/unauthorized/message").asText()).isEqualTo("bad token");
    HttpResponse<String> good = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/compute/private")).header("X-Auth-Token", "good").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(good.body()).isEqualTo("secret");
  }

  @Test
  void computeErrorsUseNovasFaultShapes() throws Exception {
    HttpResponse<String> missing = get("/compute/missing");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).at("/itemNotFound/message").asText()).isEqualTo("server 42 not found");
    assertThat(json(missing).at("/itemNotFound/code").asInt()).isEqualTo(404);
    assertThat(get("/compute/busy").statusCode()).isEqualTo(409);
    assertThat(json(get("/compute/busy")).at("/conflictingRequest/message").asText()).contains("in use");
    assertThat(json(get("/compute/bad")).at("/badRequest/code").asInt()).isEqualTo(400);
  }

  @Test
  void networkingErrorsUseNeutronsShape() throws Exception {
    JsonNode body = json(get("/networking/busy"));
    assertThat(body.at("/NeutronError/type").asText()).isEqualTo("Conflict");
    assertThat(body.at("/NeutronError/message").asText()).isEqualTo("port p1 is in use by server s1");
  }

  @Test
  void anUnexpectedFailureIsA500ThatPointsAtTheLogWithoutLeakingDetails() throws Exception {
    HttpResponse<String> r = get("/compute/boom");
    assertThat(r.statusCode()).isEqualTo(500);
    String requestId = r.headers().firstValue(RequestIds.HEADER).orElseThrow();
    assertThat(json(r).at("/computeFault/message").asText()).contains(requestId).doesNotContain("bug");
  }

  @Test
  void everyResponseCarriesARequestId() throws Exception {
    HttpResponse<String> r = get("/compute/missing");
    assertThat(r.headers().firstValue(RequestIds.HEADER)).hasValueSatisfying(id -> assertThat(id).startsWith("req-"));
    assertThat(r.headers().firstValue(RequestIds.COMPUTE_HEADER)).isEqualTo(r.headers().firstValue(RequestIds.HEADER));
    assertThat(get("/compute/missing").headers().firstValue(RequestIds.HEADER))
        .isNotEqualTo(r.headers().firstValue(RequestIds.HEADER));
  }

  /** An OpenStack API's call this cloud does not serve is not a missing resource: 501, naming the call, after the token. */
  @Test
  void anUnknownPathOfAnOpenStackApiIsA501NamingItAndOfOursA404() throws Exception {
    assertThat(get("/compute/v2.1/nothing-here").statusCode()).isEqualTo(401);
    HttpResponse<String> r = get("/compute/v2.1/nothing-here", "good");
    assertThat(r.statusCode()).isEqualTo(501);
    assertThat(json(r).at("/notImplemented/message").asText()).isEqualTo("vdpa-compute does not support GET"
        + " /compute/v2.1/nothing-here: it is not a call of the compute API that this cloud serves");
    assertThat(json(get("/networking/nothing", "good")).at("/NeutronError/type").asText()).isEqualTo("NotSupported");
    HttpResponse<String> own = get("/own/nothing", "good");
    assertThat(own.statusCode()).isEqualTo(404);
    assertThat(json(own).at("/error/message").asText()).isEqualTo("no resource at /own/nothing");
  }

  @Test
  void malformedJsonAndUnknownFieldsAre400() throws Exception {
    HttpResponse<String> malformed = post("/compute/echo", "{\"name\": ");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json(malformed).at("/badRequest/message").asText()).startsWith("malformed request body");
    HttpResponse<String> unknown = post("/compute/echo", "{\"name\": \"a\", \"colour\": \"red\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).at("/badRequest/message").asText()).contains("colour");
    assertThat(json(post("/compute/echo", "{\"name\": \"a\"}")).at("/name").asText()).isEqualTo("a");
  }

  @Test
  void theHealthcheckAnswersWithoutATokenAsOsloMiddlewareDoes() throws Exception {
    HttpResponse<String> json = get("/healthcheck");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json(json)).isEqualTo(ApiServer.JSON.readTree("{\"detailed\": false, \"reasons\": [\"OK\"]}"));
    HttpResponse<String> text = send(request("/healthcheck").header("Accept", "text/plain"));
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.body()).isEqualTo("OK");
    HttpResponse<String> head = send(request("/healthcheck").method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(204);
  }

  @Test
  void everyRequestIsLoggedOnceWithItsStatusTimeRequestIdUserAndProject() throws Exception {
    List<ILoggingEvent> events;
    List<String> ids;
    try (LogCapture access = LogCapture.info("org.vdpacompute.api.access")) {
      HttpResponse<String> ok = send(request("/compute/private?all_tenants=1").header("X-Auth-Token", "good"));
      HttpResponse<String> refused = get("/compute/private");
      HttpResponse<String> missing = get("/networking/missing");
      ids = Stream.of(ok, refused, missing).map(r -> r.headers().firstValue(RequestIds.HEADER).orElseThrow()).toList();
      events = access.events();
    }
    // Other tests' listeners may log beside this one: these requests' lines are the ones with their ids.
    List<ILoggingEvent> ours = events.stream().filter(e -> ids.contains(e.getMDCPropertyMap().get(RequestIds.MDC_KEY)))
        .toList();
    assertThat(ours).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
        l -> assertThat(l).matches("GET /compute/private\\?all_tenants=1 200 \\d+ ms user=user-1 project=project-1"),
        l -> assertThat(l).matches("GET /compute/private 401 \\d+ ms user=- project=-"),
        l -> assertThat(l).matches("GET /networking/missing 404 \\d+ ms user=- project=-"));
    assertThat(ours).extracting(e -> e.getMDCPropertyMap().get(RequestIds.MDC_KEY)).containsExactlyElementsOf(ids);
  }

  @Test
  void aListenerBoundBeforeItServesAnswers503AndHoldsItsAddress() throws Exception {
    try (ApiServer bound = ApiServer.listen("127.0.0.1", 0)) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bound.port() + "/healthcheck"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThatThrownBy(() -> ApiServer.listen("127.0.0.1", bound.port()))
          .hasRootCauseInstanceOf(java.net.BindException.class);
      bound.serve(null, token -> ALICE, new ApiMetrics(), List.of(new HealthcheckApi()));
      assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bound.port() + "/healthcheck"))
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }

  /**
   * A health check that arrives while the services' routes are being added, as a load balancer's
   * or an operator's does at any moment of a start, is answered 503 or served: never a 500 from
   * the routes changing under it.
   */
  @Test
  void requestsWhileTheRoutesAreAddedAreAnswered503OrServed() throws Exception {
    for (int round = 0; round < 3; round++) {
      try (ApiServer bound = ApiServer.listen("127.0.0.1", 0)) {
        URI health = URI.create("http://127.0.0.1:" + bound.port() + "/healthcheck");
        java.util.concurrent.atomic.AtomicBoolean serving = new java.util.concurrent.atomic.AtomicBoolean();
        List<Integer> statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> callers = new java.util.ArrayList<>();
        for (int c = 0; c < 4; c++) {
          Thread t = new Thread(() -> {
            try {
              while (!serving.get()) {
                statuses.add(HTTP.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
              }
            } catch (Exception e) {
              statuses.add(-1);
            }
          });
          t.start();
          callers.add(t);
        }
        Thread.sleep(50);
        bound.serve(null, token -> ALICE, new ApiMetrics(), List.of(new HealthcheckApi(), new ManyRoutes()));
        serving.set(true);
        for (Thread t : callers) t.join();

        assertThat(statuses).isNotEmpty().allSatisfy(s -> assertThat(s).isIn(200, 503));
      }
    }
  }

  /** Two thousand routes, so that adding them takes a while. */
  private static final class ManyRoutes implements ServiceApi {
    @Override
    public String prefix() {
      return "/many";
    }

    @Override
    public ErrorShape errorShape() {
      return ErrorShape.COMPUTE;
    }

    @Override
    public void addRoutes(Javalin app) {
      for (int i = 0; i < 2000; i++) {
        app.get("/many/r" + i, ctx -> ctx.result("ok"));
      }
    }
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("X-Auth-Token", token).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRouteThatDeclaresNoAccessIsRefusedToEveryone() throws Exception {
    HttpResponse<String> r = get("/compute/unguarded", "good");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).at("/forbidden/message").asText()).contains("no policy rule governs GET /compute/unguarded");
    assertThat(server.routes()).contains(new Route(io.javalin.http.HandlerType.GET, "/compute/unguarded", null));
  }

  @Test
  void aRoutesRuleIsCheckedBeforeItsHandlerRuns() throws Exception {
    HttpResponse<String> r = get("/compute/admin", "good");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).at("/forbidden/message").asText()).isEqualTo("Policy doesn't allow os_compute_api:os-services:list to be performed.");
    assertThat(get("/networking/admin", "good").body()).contains("\"type\":\"PolicyNotAuthorized\"");
  }

  @Test
  void aHeadOfAGetRouteIsNotAnsweredBlindly() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/compute/private"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
  }

  @Test
  void linksAreOfTheListenAddressWhateverTheHostHeaderSays() throws Exception {
    assertThat(get("/compute/links").body()).isEqualTo("http://127.0.0.1:" + server.port() + "/x");
    assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
    assertThat(PublicUrl.fromListen(false, "::1", 8774)).isEqualTo("http://[::1]:8774");
    assertThat(PublicUrl.fromListen(false, "0.0.0.0", 8774)).doesNotContain("0.0.0.0").endsWith(":8774");
    assertThat(PublicUrl.fromListen(true, "127.0.0.1", 8774)).isEqualTo("https://127.0.0.1:8774");
    assertThat(PublicUrl.normalized("https://cloud.example/api/")).isEqualTo("https://cloud.example/api");
  }

  @Test
  void linksAreOfTheConfiguredPublicUrlWhenThereIsOne() throws Exception {
    try (ApiServer behindAProxy = ApiServer.start("127.0.0.1", 0, "https://cloud.example:13774/", token -> null,
        new ApiMetrics(), List.of(new Probe("/compute", ErrorShape.COMPUTE, "compute")))) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + behindAProxy.port()
          + "/compute/links")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).isEqualTo("https://cloud.example:13774/x");
    }
  }

  @Test
  void anInternalErrorsMessageIsLoggedNotShown() throws Exception {
    HttpResponse<String> r = get("/compute/database");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).doesNotContain("jdbc").contains(r.headers().firstValue(RequestIds.HEADER).orElseThrow());
  }

  @Test
  void nulCharactersInPathOrQueryParametersAre400() throws Exception {
    // The HTTP server itself refuses a NUL in the path, in JSON every OpenStack client reads.
    HttpResponse<String> path = get("/compute/things/a%00b");
    assertThat(path.statusCode()).as(path.body()).isEqualTo(400);
    assertThat(json(path).at("/error/message").asText()).isNotBlank();
    assertThat(get("/compute/things/ab?x=1%002").statusCode()).isEqualTo(400);
    assertThat(get("/compute/things/ab").body()).isEqualTo("ab");
  }

  @Test
  void aBodyOverTheLimitIs413InTheServicesShapeWithOrWithoutALength() throws Exception {
    String big = "{\"name\": \"" + "x".repeat((int) ServiceApi.OPENSTACK_MAX_BODY_BYTES) + "\"}";
    HttpResponse<String> sized = post("/compute/echo", big);
    assertThat(sized.statusCode()).isEqualTo(413);
    assertThat(json(sized).at("/overLimit/message").asText()).contains("at most 114688 bytes");
    HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/networking/echo"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(json(chunked).at("/NeutronError/message").asText()).contains("at most");
    assertThat(json(post("/compute/echo", "{\"name\": \"" + "x".repeat(1000) + "\"}")).at("/name").asText()).hasSize(1000);
  }

  @Test
  void aNulInABodyIs400() throws Exception {
    HttpResponse<String> r = post("/compute/echo", "{\"name\": \"a\\u0000b\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).at("/badRequest/message").asText()).contains("NUL");
  }

  @Test
  void requestsAreCountedByTheirRouteNeverByTheirPath() throws Exception {
    get("/compute/things/one");
    get("/compute/things/two");
    get("/made-up-path-1");
    get("/compute/made-up-path-2");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    new io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter(false).write(out, METRICS.registry().scrape());
    String scraped = out.toString(StandardCharsets.UTF_8);
    assertThat(scraped).contains("route=\"/compute/things/{id}\"").contains("route=\"unmatched\"")
        .doesNotContain("made-up-path").doesNotContain("things/one");
  }
}

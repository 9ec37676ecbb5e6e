package org.vdpacompute.app.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.api.http.Route;
import org.vdpacompute.app.cloud.CloudsYaml;
import org.vdpacompute.app.config.Configuration;
import org.vdpacompute.controller.identity.Project;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.identity.User;
import org.vdpacompute.controller.policy.Policy;
import org.vdpacompute.controller.policy.Rule;
import org.vdpacompute.controller.policy.Target;

/**
 * Every route the listener serves, called by every kind of caller: no token, an expired token, a
 * reader and a member of the project that owns the resources named, a member of another project,
 * the service user and an administrator. Each answer is the one the route's declared rule gives:
 * 401 without a valid token, 403 when the caller's roles are not enough, 404 for another
 * project's resources, and otherwise what the call does (never 401, 403 or 5xx). The routes are
 * read from the listener, so a route added without a rule fails here.
 *
 * <p>One of the longest test classes: ordered early, so that shorter ones fill the time beside it.
 */
@Order(5)
class AuthorizationMatrixTest {
  @TempDir static Path dir;
  private static final OffsetClock CLOCK = new OffsetClock();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static AllInOneCloud cloud;
  private static RouteCatalog catalog;
  private static final List<Caller> CALLERS = new ArrayList<>();
  /** The member of project demo, which owns the resources the routes name. */
  private static Caller member;

  /** Who calls, with the token it sends and the roles it has (for what the policy should answer). */
  record Caller(String name, String token, Token roles) {
    boolean authenticated() {
      return roles != null;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    cloud = AllInOneCloud.start(dir, 0, 1, null, CLOCK);
    String demoPassword = CloudsYaml.password(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD);
    CloudApi admin = CloudApi.admin(cloud);
    CloudApi demo = CloudApi.demo(cloud);
    catalog = RouteCatalog.prepare(cloud, admin, demo, demoPassword);
    cloud.controller().identity().bootstrap("demo", "reader", "reader-pw", Role.READER);
    cloud.controller().identity().bootstrap("other", "other", "other-pw", Role.MEMBER);
    String servicePassword = Configuration.load(dir.resolve(AllInOneCloud.CONFIG)).identity().servicePassword();
    // A token issued two hours ago, which expired an hour ago.
    CLOCK.set(Duration.ofHours(-2));
    CloudApi expired = CloudApi.demo(cloud);
    CLOCK.set(Duration.ZERO);
    String demoProject = catalog.fixtures().demoProject();
    CALLERS.add(new Caller("anonymous", null, null));
    CALLERS.add(new Caller("an expired token", expired.token(), null));
    CALLERS.add(new Caller("a reader of the project", CloudApi.login(cloud, "reader", "reader-pw", "demo").token(),
        token("reader", demoProject, Role.READER)));
    CALLERS.add(new Caller("a member of another project", CloudApi.login(cloud, "other", "other-pw", "other").token(),
        token("other", "other", Role.MEMBER)));
    CALLERS.add(new Caller("the service user", CloudApi.login(cloud, "vdpa-compute", servicePassword, "service").token(),
        token("vdpa-compute", "service", Role.SERVICE)));
    member = new Caller("a member of the project", demo.token(), new Token(demo.token(),
        new User(catalog.fixtures().demoUser(), "demo", "default", true, null), new Project(demoProject, "demo", "default", true),
        Set.of(Role.MEMBER), Instant.EPOCH, Instant.MAX, "a"));
    CALLERS.add(member);
    CALLERS.add(new Caller("an administrator", admin.token(), token("admin", "admin", Role.ADMIN)));
  }

  private static Token token(String user, String project, Role role) {
    return new Token("t", new User(user, user, "default", true, null), new Project(project, project, "default", true),
        Set.of(role), Instant.EPOCH, Instant.MAX, "a");
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void everyRouteDeclaresWhoMayCallIt() {
    List<Route> routes = cloud.controller().routes();
    assertThat(routes).as("the routes the listener serves").hasSizeGreaterThan(50);
    assertThat(routes).filteredOn(r -> r.access() == null).as("routes without an access rule").isEmpty();
  }

  @Test
  void everyRouteAnswersEveryCallerAsItsRuleSays() throws Exception {
    List<Route> routes = new ArrayList<>(cloud.controller().routes());
    // Deletes last, the deepest first, so that what the other routes name is still there.
    routes.sort(Comparator.comparing((Route r) -> r.method() == HandlerType.DELETE)
        .thenComparing(r -> r.method() == HandlerType.DELETE ? -r.path().length() : 0));
    int calls = 0;
    List<String> failures = new ArrayList<>();
    for (Route route : routes) {
      for (Caller caller : CALLERS) {
        Outcome expected = expected(route, caller);
        HttpResponse<String> r = call(route, caller);
        calls++;
        String what = route + " by " + caller + " (expected " + expected + "): " + r.statusCode() + " " + r.body();
        if (!expected.matches(r.statusCode())) {
          failures.add(what);
        } else if (r.statusCode() >= 400 && route.method() != HandlerType.HEAD && !hasMessage(r.body())) {
          failures.add("no error message in the service's shape: " + what);
        }
      }
    }
    System.out.printf("authorization matrix: %d routes x %d callers = %d calls%n", routes.size(), CALLERS.size(), calls);
    assertThat(failures).as("calls answered otherwise than their route's rule says").isEmpty();
  }

  /** What a caller must get from a route. */
  enum Outcome {
    UNAUTHORIZED(401), FORBIDDEN(403), HIDDEN(404),
    /** Served: what the call does, but never refused for who the caller is, nor a fault. */
    SERVED(0);

    private final int status;

    Outcome(int status) {
      this.status = status;
    }

    boolean matches(int actual) {
      return this == SERVED ? actual != 401 && actual != 403 && actual < 500 : actual == status;
    }
  }

  /**
   * The answer the route's declared rule gives: the policy itself says whether the caller's roles
   * are enough; a resource of another project is not found; a token's subject is its owner's.
   */
  private static Outcome expected(Route route, Caller caller) {
    if (route.access() instanceof Access.Open) return Outcome.SERVED;
    if (!caller.authenticated()) return Outcome.UNAUTHORIZED;
    Access.Guarded guarded = (Access.Guarded) route.access();
    if (!Policy.allows(caller.roles(), guarded.action(), Target.ANY)) return Outcome.FORBIDDEN;
    boolean otherProject = !caller.roles().isAdmin()
        && !caller.roles().project().id().equals(catalog.fixtures().demoProject());
    if (RouteCatalog.namesAProjectsResource(route) && otherProject) {
      return Outcome.HIDDEN;
    }
    boolean projectRule = guarded.action().rule() == Rule.PROJECT_READER || guarded.action().rule() == Rule.PROJECT_MEMBER;
    if (RouteCatalog.namesAProject(route) && otherProject && projectRule) {
      return Outcome.FORBIDDEN;
    }
    if (guarded.action().rule() == Rule.SERVICE_ADMIN_OR_SUBJECT
        && !Policy.allows(caller.roles(), guarded.action(), Target.user(catalog.fixtures().demoUser()))) {
      return Outcome.FORBIDDEN;
    }
    return Outcome.SERVED;
  }

  private static HttpResponse<String> call(Route route, Caller caller) throws Exception {
    List<RouteCatalog.Body> bodies = catalog.bodies(route);
    RouteCatalog.Body body = bodies.isEmpty() ? null : bodies.get(0);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port() + catalog.path(route)))
        .timeout(Duration.ofSeconds(30))
        .method(route.method().name(), body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.body().get()))
        .header("Content-Type", body == null ? "application/json" : body.contentType());
    if (caller.token() != null) b.header("X-Auth-Token", caller.token());
    if (route.path().equals("/identity/v3/auth/tokens") && route.method() != HandlerType.POST) {
      // The demo member's token: a fresh one to revoke, so that the member's own calls go on working.
      b.header("X-Subject-Token", route.method() == HandlerType.DELETE ? CloudApi.demo(cloud).token()
          : member.token());
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An error body of one of OpenStack's shapes with a message a person can read. */
  private static boolean hasMessage(String body) {
    try {
      JsonNode json = ApiServer.JSON.readTree(body);
      if (json == null || json.size() != 1) return false;
      String message = json.elements().next().path("message").asText("");
      return !message.isBlank() && !message.equals("null");
    } catch (Exception e) {
      return false;
    }
  }

  /** The contract's admin-only calls, pinned here so that the policy table cannot drift from Nova's defaults. */
  @Test
  void theContractsAdminOnlyCallsAreRefusedToAMember() {
    Set<String> adminOnly = Set.of("POST /compute/v2.1/flavors", "DELETE /compute/v2.1/flavors/{id}",
        "POST /compute/v2.1/flavors/{id}/os-extra_specs", "GET /compute/v2.1/os-services",
        "PUT /compute/v2.1/os-services/disable", "GET /compute/v2.1/os-hypervisors", "GET /compute/v2.1/os-hypervisors/detail",
        "GET /compute/v2.1/os-pci-devices", "POST /compute/v2.1/os-scheduling-explain", "GET /compute/v2.1/os-migrations", "PUT /agent/v1/hosts/{host}",
        "POST /agent/v1/hosts/{host}/heartbeat");
    List<Route> routes = cloud.controller().routes().stream().filter(r -> adminOnly.contains(r.toString())).toList();
    assertThat(routes).hasSize(adminOnly.size());
    for (Route r : routes) {
      assertThat(expected(r, member)).as(r.toString()).isEqualTo(Outcome.FORBIDDEN);
    }
    for (String open : List.of("GET /compute/v2.1", "GET /identity/v3", "POST /identity/v3/auth/tokens", "GET /metrics",
        "GET /dashboard", "GET /dashboard/{file}", "GET /healthcheck", "HEAD /healthcheck")) {
      assertThat(cloud.controller().routes()).filteredOn(r -> r.toString().equals(open))
          .singleElement().extracting(Route::access).isInstanceOf(Access.Open.class);
    }
  }
}

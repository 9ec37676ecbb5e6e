package org.vdpacompute.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.time.Instant;
import java.util.Set;
import org.vdpacompute.api.http.Access;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.controller.identity.Project;
import org.vdpacompute.controller.identity.Role;
import org.vdpacompute.controller.identity.Token;
import org.vdpacompute.controller.identity.User;
import org.vdpacompute.controller.policy.Action;
import org.vdpacompute.core.UnauthorizedException;

class ComputeApiTest {
  private static ApiServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    ComputeRoutes echo = app -> app.get("/compute/v2.1/echo-version",
        ctx -> ctx.json(Map.of("version", ComputeApi.of(ctx).toString())), Access.to(Action.FLAVOR_LIST));
    Token member = new Token("good", new User("u", "u", "default", true, null), new Project("p", "p", "default", true),
        Set.of(Role.MEMBER), Instant.EPOCH, Instant.MAX, "a");
    server = ApiServer.start("127.0.0.1", 0, token -> {
      if (!"good".equals(token)) throw new UnauthorizedException("bad token");
      return member;
    }, List.of(new ComputeApi(List.of(echo))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void versionDocumentsNeedNoTokenAndAnnounceTheMicroversionRange() throws Exception {
    HttpResponse<String> r = get("/compute/v2.1");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode v = ApiServer.JSON.readTree(r.body()).get("version");
    assertThat(v.get("id").asText()).isEqualTo("v2.1");
    assertThat(v.get("min_version").asText()).isEqualTo("2.1");
    assertThat(v.get("version").asText()).isEqualTo("2.60");
    assertThat(v.at("/links/0/href").asText()).isEqualTo("http://127.0.0.1:" + server.port() + "/compute/v2.1/");
    JsonNode all = ApiServer.JSON.readTree(get("/compute/").body());
    assertThat(all.at("/versions/0/id").asText()).isEqualTo("v2.1");
  }

  @Test
  void resourcesNeedAToken() throws Exception {
    assertThat(get("/compute/v2.1/echo-version").statusCode()).isEqualTo(401);
  }

  @Test
  void theRequestedMicroversionServesAndIsEchoed() throws Exception {
    HttpResponse<String> none = get("/compute/v2.1/echo-version", "X-Auth-Token", "good");
    assertThat(none.body()).contains("\"2.1\"");
    HttpResponse<String> r = get("/compute/v2.1/echo-version", "X-Auth-Token", "good", "OpenStack-API-Version", "compute 2.53");
    assertThat(r.body()).contains("\"2.53\"");
    assertThat(r.headers().firstValue("OpenStack-API-Version")).hasValue("compute 2.53");
    assertThat(get("/compute/v2.1/echo-version", "X-Auth-Token", "good", "X-OpenStack-Nova-API-Version", "2.11").body())
        .contains("\"2.11\"");
    assertThat(get("/compute/v2.1/echo-version", "X-Auth-Token", "good", "OpenStack-API-Version", "compute latest").body())
        .contains("\"2.60\"");
  }

  @Test
  void aMicroversionOutsideTheRangeIsNotAcceptableAndAMalformedOneABadRequest() throws Exception {
    HttpResponse<String> high = get("/compute/v2.1/echo-version", "X-Auth-Token", "good", "OpenStack-API-Version", "compute 2.99");
    assertThat(high.statusCode()).isEqualTo(406);
    assertThat(high.body()).contains("maximum is 2.60");
    assertThat(get("/compute/v2.1/echo-version", "X-Auth-Token", "good", "OpenStack-API-Version", "compute two").statusCode())
        .isEqualTo(400);
  }
}

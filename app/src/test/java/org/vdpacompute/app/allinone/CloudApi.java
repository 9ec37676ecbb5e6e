package org.vdpacompute.app.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.vdpacompute.api.http.ApiServer;
import org.vdpacompute.app.cloud.CloudsYaml;

/** The cloud's HTTP APIs as a test drives them: one user's token, raw calls, JSON answers. */
public final class CloudApi {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final int port;
  private final String token;

  private CloudApi(int port, String token) {
    this.port = port;
    this.token = token;
  }

  /** An answer: status and body, the body parsed when it is JSON. */
  public record Answer(int status, String body) {
    public JsonNode json() {
      try {
        return ApiServer.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  /** The cloud's admin, in project admin. */
  public static CloudApi admin(AllInOneCloud cloud) throws Exception {
    return login(cloud, "admin", CloudsYaml.password(cloud.cloudsYaml(), AllInOneCloud.ADMIN_CLOUD), "admin");
  }

  /** The demo member, in project demo. */
  public static CloudApi demo(AllInOneCloud cloud) throws Exception {
    return login(cloud, "demo", CloudsYaml.password(cloud.cloudsYaml(), AllInOneCloud.DEMO_CLOUD), "demo");
  }

  /** Calls without a token. */
  public static CloudApi anonymous(AllInOneCloud cloud) {
    return anonymous(cloud.port());
  }

  /** Calls without a token to the listener on {@code port} of the loopback; a refused connection answers 0. */
  public static CloudApi anonymous(int port) {
    return new CloudApi(port, null);
  }

  public static CloudApi login(AllInOneCloud cloud, String user, String password, String project) throws Exception {
    return login(cloud.port(), user, password, project);
  }

  /** Logs in to the cloud whose listener is on {@code port} of the loopback. */
  public static CloudApi login(int port, String user, String password, String project) throws Exception {
    String body = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"" + user
        + "\", \"domain\": {\"name\": \"Default\"}, \"password\": \"" + password + "\"}}}, \"scope\": {\"project\": "
        + "{\"name\": \"" + project + "\", \"domain\": {\"name\": \"Default\"}}}}}";
    HttpResponse<String> r = new CloudApi(port, null).send("POST", "/identity/v3/auth/tokens", body, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new CloudApi(port, r.headers().firstValue("X-Subject-Token").orElseThrow());
  }

  public String token() {
    return token;
  }

  public Answer call(String method, String path, String body) throws Exception {
    return call(method, path, body, null);
  }

  /** A call with an {@code OpenStack-API-Version: compute X.Y} header when {@code computeVersion} is set. */
  public Answer call(String method, String path, String body, String computeVersion) throws Exception {
    HttpResponse<String> r;
    try {
      r = send(method, path, body, computeVersion);
    } catch (java.net.ConnectException notListening) {
      return new Answer(0, notListening.toString());
    }
    return new Answer(r.statusCode(), r.body());
  }

  /** A call that must answer {@code status}; its JSON. */
  public JsonNode expect(int status, String method, String path, String body) throws Exception {
    Answer a = call(method, path, body);
    assertThat(a.status()).as(method + " " + path + ": " + a.body()).isEqualTo(status);
    return a.body().isEmpty() ? null : a.json();
  }

  public JsonNode get(String path) throws Exception {
    return expect(200, "GET", path, null);
  }

  /** Polls a GET until its JSON satisfies {@code done}, or fails after {@code timeout}. */
  public JsonNode awaitJson(String path, Predicate<JsonNode> done, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      JsonNode now = get(path);
      if (done.test(now)) return now;
      if (Instant.now().isAfter(deadline)) throw new AssertionError("gave up waiting on " + path + ": " + now);
      Thread.sleep(20);
    }
  }

  /** Polls a GET until it answers {@code status}. */
  public void awaitStatus(String path, int status, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (call("GET", path, null).status() != status) {
      if (Instant.now().isAfter(deadline)) throw new AssertionError("gave up waiting for " + status + " on " + path);
      Thread.sleep(20);
    }
  }

  private HttpResponse<String> send(String method, String path, String body, String computeVersion) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("X-Auth-Token", token);
    if (computeVersion != null) b.header("OpenStack-API-Version", "compute " + computeVersion);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}

package org.vdpacompute.benchmarks.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The cloud's HTTP APIs as the benchmark's clients call them: one user's token, JSON in and out,
 * and any status but the one expected an error that names the call and the answer. Thread-safe:
 * the clients share one, and with it one pool of HTTP/1.1 connections.
 */
final class CloudClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final HttpClient http;
  private final URI base;
  private final String token;
  private final String projectId;

  private CloudClient(HttpClient http, URI base, String token, String projectId) {
    this.http = http;
    this.base = base;
    this.token = token;
    this.projectId = projectId;
  }

  /** Logs in with a password and a project scope, both in the default domain. */
  static CloudClient login(URI base, String user, String password, String project)
      throws IOException, InterruptedException {
    // HTTP/1.1 outright: the default first tries an upgrade to HTTP/2 on every new connection.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    ObjectNode login = JSON.createObjectNode();
    ObjectNode auth = login.putObject("auth");
    ObjectNode identity = auth.putObject("identity");
    identity.putArray("methods").add("password");
    identity.putObject("password").putObject("user").put("name", user).put("password", password)
        .putObject("domain").put("name", "Default");
    auth.putObject("scope").putObject("project").put("name", project)
        .putObject("domain").put("name", "Default");
    HttpResponse<String> r = new CloudClient(http, base, null, null).send("POST", "/identity/v3/auth/tokens",
        HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(login)), "application/json");
    expect(r, 201, "POST /identity/v3/auth/tokens");
    return new CloudClient(http, base, r.headers().firstValue("X-Subject-Token").orElseThrow(
        () -> new IllegalStateException("the controller issued no token")),
        JSON.readTree(r.body()).path("token").path("project").path("id").asText());
  }

  /** The project the token is scoped to. */
  String projectId() {
    return projectId;
  }

  /** A call that must answer {@code status}; its JSON body, or null when empty. */
  JsonNode call(String method, String path, JsonNode body, int status) throws IOException, InterruptedException {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    HttpResponse<String> r = send(method, path, publisher, "application/json");
    expect(r, status, method + " " + path);
    return r.body().isEmpty() ? null : JSON.readTree(r.body());
  }

  /** The status a call answers, whatever it is. */
  int status(String method, String path) throws IOException, InterruptedException {
    return send(method, path, HttpRequest.BodyPublishers.noBody(), "application/json").statusCode();
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return call("GET", path, null, 200);
  }

  /** Sends raw bytes, as an image upload does. */
  void upload(String path, byte[] data) throws IOException, InterruptedException {
    HttpResponse<String> r = send("PUT", path, HttpRequest.BodyPublishers.ofByteArray(data), "application/octet-stream");
    expect(r, 204, "PUT " + path);
  }

  private HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String type)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
        .header("Content-Type", type).method(method, body);
    if (token != null) b.header("X-Auth-Token", token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void expect(HttpResponse<String> r, int status, String call) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(call + " answered " + r.statusCode() + " (expected " + status + "): " + r.body());
    }
  }
}

package org.vdpacompute.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.vdpacompute.agent.protocol.AgentJson;
import org.vdpacompute.agent.protocol.AgentPaths;
import org.vdpacompute.agent.protocol.HostReport;
import org.vdpacompute.core.VdpaComputeException;

/**
 * The agent's side of the agent protocol: logs in as the service user through the identity API and
 * calls the controller's agent API with that token, logging in again when the token expires.
 */
public final class ControllerClient {
  private static final ObjectMapper JSON = AgentJson.mapper();

  private final URI controller;
  private final String user;
  private final String password;
  private final HttpClient http;
  private volatile String token;

  /** @param controller the controller's base URL ({@code [compute] controller_url}) */
  public ControllerClient(URI controller, String user, String password) {
    this(controller, user, password, null);
  }

  /**
   * @param controller the controller's base URL ({@code [compute] controller_url})
   * @param tls what an https controller is trusted by ({@code [compute] controller_ca_file}); null
   *     for the JDK's trusted authorities
   */
  public ControllerClient(URI controller, String user, String password, SSLContext tls) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (tls != null) builder.sslContext(tls);
    this.http = builder.build();
    String base = controller.toString();
    this.controller = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.user = user;
    this.password = password;
  }

  /** Registers the host with its report; returns the controller's service id for it. */
  public String register(HostReport report) {
    JsonNode answer = send("PUT", AgentPaths.host(report.host()), report);
    return answer.path("service_id").asText();
  }

  public void heartbeat(String host) {
    send("POST", AgentPaths.heartbeat(host), null);
  }

  /**
   * Asks the controller's identity service whether a token someone presented to this agent is
   * valid and carries the service or admin role: only the controller may command an agent.
   *
   * @throws org.vdpacompute.core.UnauthorizedException when it is not valid
   * @throws org.vdpacompute.core.ForbiddenException when its roles do not allow commanding agents
   */
  public void requireServiceToken(String presented) {
    if (presented == null || presented.isBlank()) {
      throw new org.vdpacompute.core.UnauthorizedException("no token: the controller must send its service token");
    }
    Instant now = Instant.now();
    Instant trustedUntil = accepted.get(presented);
    if (trustedUntil != null && trustedUntil.isAfter(now)) return;
    checkWithController(presented);
    if (accepted.size() > MAX_ACCEPTED) accepted.values().removeIf(until -> !until.isAfter(now));
    accepted.put(presented, now.plus(ACCEPTED_TOKEN_TTL));
  }

  /**
   * How long a token the controller vouched for is accepted without asking again: checking it was
   * a round trip to the controller on every command, a fifth of a spawn's time. The controller's
   * own trust in a checked token lasts as long.
   */
  static final Duration ACCEPTED_TOKEN_TTL = Duration.ofSeconds(30);
  private static final int MAX_ACCEPTED = 1_000;
  private final Map<String, Instant> accepted = new ConcurrentHashMap<>();

  private void checkWithController(String presented) {
    HttpResponse<String> r = validate(presented);
    if (r.statusCode() == 401) {
      token = null;
      r = validate(presented);
    }
    if (r.statusCode() == 404 || r.statusCode() == 401) {
      throw new org.vdpacompute.core.UnauthorizedException("the token presented to this agent is not valid");
    }
    if (r.statusCode() != 200) {
      throw new ControllerCallException("the controller could not check a token (" + r.statusCode() + "): " + r.body());
    }
    try {
      for (JsonNode role : JSON.readTree(r.body()).path("token").path("roles")) {
        String name = role.path("name").asText();
        if (name.equals("service") || name.equals("admin")) return;
      }
    } catch (IOException e) {
      throw new ControllerCallException("the controller answered a token check with what is not JSON");
    }
    throw new org.vdpacompute.core.ForbiddenException("only the controller (the service or admin role) may command this agent");
  }

  private HttpResponse<String> validate(String presented) {
    return exchange(() -> HttpRequest.newBuilder(controller.resolve(controller.getPath() + "/identity/v3/auth/tokens"))
        .timeout(Duration.ofSeconds(30)).header(AgentPaths.TOKEN_HEADER, token()).header("X-Subject-Token", presented).GET().build());
  }

  /** What builds one request; it may log in first, so it may fail as a call does. */
  @FunctionalInterface
  private interface RequestSource {
    HttpRequest get() throws IOException, InterruptedException;
  }

  /** Sends a request, turning an unreachable controller into one clear exception. */
  private HttpResponse<String> exchange(RequestSource request) {
    try {
      return http.send(request.get(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ControllerCallException("cannot reach the controller at " + controller + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControllerCallException("interrupted while calling the controller", e);
    }
  }

  private JsonNode send(String method, String path, Object body) {
    HttpResponse<String> r = call(method, path, body);
    if (r.statusCode() == 401) {
      token = null;
      r = call(method, path, body);
    }
    if (r.statusCode() >= 300) {
      throw new ControllerCallException(method + " " + controller + path + " answered " + r.statusCode() + ": " + r.body());
    }
    try {
      return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new ControllerCallException(method + " " + path + " answered what is not JSON: " + r.body());
    }
  }

  private HttpResponse<String> call(String method, String path, Object body) {
    return exchange(() -> HttpRequest.newBuilder(controller.resolve(controller.getPath() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header(AgentPaths.TOKEN_HEADER, token())
        .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : JSON.writeValueAsString(body)))
        .build());
  }

  private String token() throws IOException, InterruptedException {
    String t = token;
    if (t != null) return t;
    Map<String, Object> login = Map.of("auth", Map.of(
        "identity", Map.of("methods", new String[] {"password"}, "password", Map.of("user", Map.of(
            "name", user, "domain", Map.of("name", "Default"), "password", password))),
        "scope", Map.of("project", Map.of("name", "service", "domain", Map.of("name", "Default")))));
    HttpRequest request = HttpRequest.newBuilder(controller.resolve(controller.getPath() + "/identity/v3/auth/tokens"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(login)))
        .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new ControllerCallException("the controller at " + controller + " refused the service user " + user
          + " (" + r.statusCode() + "): check [identity] service_password");
    }
    t = r.headers().firstValue("X-Subject-Token")
        .orElseThrow(() -> new ControllerCallException("the controller issued no token"));
    token = t;
    return t;
  }

  /** A call to the controller failed. */
  public static final class ControllerCallException extends VdpaComputeException {
    ControllerCallException(String message) {
      super(message);
    }

    ControllerCallException(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public org.vdpacompute.core.ErrorCategory category() {
      return org.vdpacompute.core.ErrorCategory.UNAVAILABLE;
    }
  }
}

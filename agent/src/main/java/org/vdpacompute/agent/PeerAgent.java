package org.vdpacompute.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.vdpacompute.agent.protocol.AgentJson;
import org.vdpacompute.agent.protocol.AgentPaths;
import org.vdpacompute.agent.protocol.GuestBlueprint;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;
import org.vdpacompute.virt.emulated.MigratingGuest;

/**
 * Another host's agent, as the source of a live migration calls it: with the token the controller
 * gave the source for this migration, and the request id of the controller's request, so that the
 * destination's log lines of the migration carry the same id.
 */
final class PeerAgent {
  private static final Logger LOG = LoggerFactory.getLogger(PeerAgent.class);
  private static final ObjectMapper JSON = AgentJson.mapper();

  private final HttpClient http;
  private final URI url;
  private final String token;

  PeerAgent(HttpClient http, URI url, String token) {
    this.http = http;
    String text = url.toString();
    this.url = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.token = token;
  }

  /** The domain XML the blueprint is on the peer's host: its domain type, its disk paths. */
  String domainXml(GuestBlueprint blueprint) {
    String body = send("POST", AgentPaths.GUEST_XML, blueprint, 200);
    try {
      JsonNode xml = JSON.readTree(body).path("domainXml");
      if (!xml.isTextual()) throw new PeerCallException(url, "the rendered guest has no domainXml: " + body, false, null);
      return xml.asText();
    } catch (JsonProcessingException e) {
      throw new PeerCallException(url, "the rendered guest is not JSON: " + body, false, e);
    }
  }

  /**
   * Has the peer plug the representors of the arriving guest's ports; throws when it cannot. A peer
   * of a release before representor plugging has no such route, and plugs nothing: the migration
   * goes on, as it did with that release.
   */
  void expect(GuestBlueprint arriving) {
    HttpResponse<String> r = exchange("PUT", AgentPaths.ports(arriving.uuid()), arriving);
    if (r.statusCode() == 404) {
      LOG.warn("the agent at {} plugs no representors (an earlier release); guest {} arrives without", url,
          arriving.uuid());
      return;
    }
    check("PUT", AgentPaths.ports(arriving.uuid()), r, 204);
  }

  /** Has the peer unplug what {@link #expect} plugged for a guest that is not coming. */
  void notArriving(UUID uuid) {
    send("DELETE", AgentPaths.ports(uuid), null, 204);
  }

  /** Has the peer's emulated host define the arriving guest; throws when it refuses it. */
  void handOver(MigratingGuest guest) {
    send("PUT", EmulatedRoutes.incoming(guest.uuid()), guest, 204);
  }

  private String send(String method, String path, Object body, int expected) {
    return check(method, path, exchange(method, path, body), expected);
  }

  private String check(String method, String path, HttpResponse<String> r, int expected) {
    if (r.statusCode() != expected) {
      throw new PeerCallException(url, method + " " + path + " answered " + r.statusCode() + ": " + r.body(), false, null);
    }
    return r.body();
  }

  private HttpResponse<String> exchange(String method, String path, Object body) {
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(url + path))
          .timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json")
          .header(AgentPaths.TOKEN_HEADER, token)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new PeerCallException(url, "cannot make the request " + method + " " + path + ": " + e.getMessage(), false, e);
    }
    String requestId = MDC.get(AgentPaths.REQUEST_ID_MDC_KEY);
    if (requestId != null) request.header(AgentPaths.REQUEST_ID_HEADER, requestId);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new PeerCallException(url, "unreachable: " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerCallException(url, "interrupted", true, e);
    }
  }

  /** A call to another host's agent failed; the message names that agent and what it answered. */
  public static final class PeerCallException extends VdpaComputeException {
    private final boolean unreachable;

    PeerCallException(URI url, String message, boolean unreachable, Throwable cause) {
      super("the agent of the destination at " + url + ": " + message, cause);
      this.unreachable = unreachable;
    }

    @Override
    public ErrorCategory category() {
      return unreachable ? ErrorCategory.UNAVAILABLE : ErrorCategory.INTERNAL;
    }
  }
}

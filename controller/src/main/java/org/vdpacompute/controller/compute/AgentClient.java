package org.vdpacompute.controller.compute;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;

/**
 * The controller's side of an agent's listener: start and destroy guests on a host, with the
 * controller's service token. Agents are reached at the URL each reports when it registers.
 */
public final class AgentClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROOT = "/host/v1/guests/";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Supplier<String> serviceToken;

  /** @param serviceToken a valid token of the service user, e.g. one the controller issues itself */
  public AgentClient(Supplier<String> serviceToken) {
    this.serviceToken = serviceToken;
  }

  /** Defines and starts a guest from its domain XML. */
  public void spawn(String agentUrl, UUID instance, String domainXml) {
    try {
      call(agentUrl, "PUT", instance, JSON.writeValueAsString(Map.of("domain_xml", domainXml)), 201);
    } catch (IOException e) {
      throw new AgentCallException(agentUrl, "cannot write the request: " + e.getMessage());
    }
  }

  /** Powers a guest off and undefines it; a guest already gone is fine. */
  public void destroy(String agentUrl, UUID instance) {
    call(agentUrl, "DELETE", instance, null, 204);
  }

  private void call(String agentUrl, String method, UUID instance, String body, int expected) {
    if (agentUrl == null) {
      throw new AgentCallException(null, "the host's agent reported no URL to reach it at");
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(agentUrl + ROOT + instance))
        .timeout(Duration.ofSeconds(120))
        .header("Content-Type", "application/json")
        .header("X-Auth-Token", serviceToken.get())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AgentCallException(agentUrl, "unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentCallException(agentUrl, "interrupted");
    }
    if (r.statusCode() != expected) {
      throw new AgentCallException(agentUrl, method + " guest " + instance + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  /** A call to a host's agent failed; the message says which agent and what it answered. */
  public static final class AgentCallException extends VdpaComputeException {
    AgentCallException(String agentUrl, String message) {
      super("compute agent " + agentUrl + ": " + message);
    }

    @Override
    public ErrorCategory category() {
      return ErrorCategory.UNAVAILABLE;
    }
  }
}

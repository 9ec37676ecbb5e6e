package org.vdpacompute.controller.compute;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;
import org.vdpacompute.core.host.GuestBlueprint;

/**
 * The controller's side of an agent's listener: start and destroy guests on a host, with the
 * controller's service token. Agents are reached at the URL each reports when it registers.
 */
public final class AgentClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROOT = "/host/v1/guests/";
  /** The API request a call serves travels with it, so the agent logs under the same id. */
  private static final String REQUEST_ID_HEADER = "x-openstack-request-id";
  private static final String REQUEST_ID_MDC_KEY = "request_id";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Supplier<String> serviceToken;

  /** @param serviceToken a valid token of the service user, e.g. one the controller issues itself */
  public AgentClient(Supplier<String> serviceToken) {
    this.serviceToken = serviceToken;
  }

  /** Defines and starts a guest as the blueprint describes it. */
  public void spawn(String agentUrl, GuestBlueprint guest) {
    try {
      call(agentUrl, "PUT", UUID.fromString(guest.uuid()), JSON.writeValueAsString(guest), 201);
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
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(agentUrl + ROOT + instance))
        .timeout(Duration.ofSeconds(120))
        .header("Content-Type", "application/json")
        .header("X-Auth-Token", serviceToken.get())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    String requestId = MDC.get(REQUEST_ID_MDC_KEY);
    if (requestId != null) request.header(REQUEST_ID_HEADER, requestId);
    HttpResponse<String> r;
    try {
      r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

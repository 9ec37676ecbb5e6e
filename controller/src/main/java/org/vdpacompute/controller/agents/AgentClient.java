package org.vdpacompute.controller.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;
import org.vdpacompute.core.host.GuestBlueprint;
import org.vdpacompute.core.host.LiveMigrationRequest;

/**
 * The controller's side of an agent's listener: every operation on the guests of a host, with the
 * controller's service token. Agents are reached at the URL each reports when it registers. Cold
 * moves need nothing of their own: the controller stops the guest on the source ({@link #power}),
 * spawns it on the destination and destroys it on the source once the move is confirmed.
 */
public final class AgentClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROOT = "/host/v1";
  private static final String GUESTS = ROOT + "/guests/";
  /** The API request a call serves travels with it, so the agent logs under the same id. */
  private static final String REQUEST_ID_HEADER = "x-openstack-request-id";
  private static final String REQUEST_ID_MDC_KEY = "request_id";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Supplier<String> serviceToken;

  /** @param serviceToken a valid token of the service user, e.g. one the controller issues itself */
  public AgentClient(Supplier<String> serviceToken) {
    this.serviceToken = serviceToken;
  }

  /** A guest defined on a host, with its state as the agent names it: running, paused, shutoff or saved. */
  public record GuestSummary(String uuid, String state) {}

  /**
   * Defines and starts a guest as the blueprint describes it. A guest already defined on the host
   * and shut off is defined anew from the blueprint (a same-host resize or its revert); a running,
   * paused or saved one is refused with {@link ErrorCategory#CONFLICT}.
   */
  public void spawn(String agentUrl, GuestBlueprint guest) {
    send(agentUrl, "PUT", GUESTS + guest.uuid(), guest, 201);
  }

  /** Powers a guest off and undefines it; a guest already gone is fine. */
  public void destroy(String agentUrl, UUID instance) {
    send(agentUrl, "DELETE", GUESTS + instance, null, 204);
  }

  public void power(String agentUrl, UUID instance, PowerAction action) {
    act(agentUrl, instance, "power", action.name().toLowerCase(Locale.ROOT));
  }

  /** Detaches the guest's passthrough NICs (those of the blueprint), then pauses it; the claim stays. */
  public void suspend(String agentUrl, GuestBlueprint guest) {
    act(agentUrl, UUID.fromString(guest.uuid()), "suspend", guest);
  }

  /** Resumes the guest, then attaches the blueprint's passthrough NICs again. */
  public void resume(String agentUrl, GuestBlueprint guest) {
    act(agentUrl, UUID.fromString(guest.uuid()), "resume", guest);
  }

  public void attachNic(String agentUrl, UUID instance, GuestBlueprint.Nic nic) {
    act(agentUrl, instance, "attachInterface", nic);
  }

  public void detachNic(String agentUrl, UUID instance, GuestBlueprint.Nic nic) {
    act(agentUrl, instance, "detachInterface", nic);
  }

  /**
   * Live-migrates the guest from the agent at sourceAgentUrl to destHost, whose agent is at destAgentUrl:
   * the source detaches the passthrough NICs of {@code source}, migrates the guest so that it runs on the
   * destination with the domain of {@code destination} minus its passthrough NICs; on any failure the
   * guest stays (or is put back) on the source with its passthrough NICs attached again and this throws.
   * The controller attaches the destination's passthrough NICs afterwards with {@link #attachNic}. A
   * paused guest (suspended, so without its passthrough NICs) arrives paused; its {@link #resume} on the
   * destination attaches them.
   */
  public void liveMigrate(String sourceAgentUrl, GuestBlueprint source, String destHost, String destAgentUrl,
      GuestBlueprint destination) {
    act(sourceAgentUrl, UUID.fromString(source.uuid()), "liveMigrate",
        new LiveMigrationRequest(source, destHost, destAgentUrl, destination));
  }

  /** The guests defined on the host: uuid and state (running, paused, shutoff, saved). */
  public List<GuestSummary> guests(String agentUrl) {
    String body = send(agentUrl, "GET", ROOT + "/guests", null, 200);
    List<GuestSummary> guests = new ArrayList<>();
    try {
      for (JsonNode g : JSON.readTree(body).path("guests")) {
        guests.add(new GuestSummary(g.path("uuid").asText(), g.path("state").asText()));
      }
    } catch (JsonProcessingException e) {
      throw new AgentCallException(agentUrl, 200, "the guest list is not JSON: " + body);
    }
    return guests;
  }

  /**
   * Emulated hosts only (a conflict elsewhere): makes the next {@code operation} (a guest operation's
   * API name, e.g. "spawn", "live_migrate", "attach_device") fail with {@code reason}.
   */
  public void injectFault(String agentUrl, String operation, String reason) {
    send(agentUrl, "POST", ROOT + "/faults", Map.of("operation", operation, "reason", reason), 204);
  }

  /** An action on a guest: a body of one field, the action's name, whose value is its argument. */
  private void act(String agentUrl, UUID instance, String action, Object argument) {
    send(agentUrl, "POST", GUESTS + instance + "/action", Map.of(action, argument), 204);
  }

  /** Sends a request and returns the body of the expected answer; anything else is an {@link AgentCallException}. */
  private String send(String agentUrl, String method, String path, Object body, int expected) {
    if (agentUrl == null) {
      throw new AgentCallException(null, 0, "the host's agent reported no URL to reach it at");
    }
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(agentUrl + path))
          .timeout(Duration.ofSeconds(120))
          .header("Content-Type", "application/json")
          .header("X-Auth-Token", serviceToken.get())
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new AgentCallException(agentUrl, 0, "cannot make the request " + method + " " + path + ": " + e.getMessage());
    }
    String requestId = MDC.get(REQUEST_ID_MDC_KEY);
    if (requestId != null) request.header(REQUEST_ID_HEADER, requestId);
    HttpResponse<String> r;
    try {
      r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AgentCallException(agentUrl, 0, "unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentCallException(agentUrl, 0, "interrupted");
    }
    if (r.statusCode() != expected) {
      throw new AgentCallException(agentUrl, r.statusCode(), method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /**
   * A call to a host's agent failed; the message says which agent and what it answered. An agent
   * that answered 409 found the guest in a state that forbids the operation (a conflict the user can
   * act on); every other failure is the host's being unavailable for it.
   */
  public static final class AgentCallException extends VdpaComputeException {
    private final ErrorCategory category;

    /** @param status the agent's HTTP status, or 0 when it gave no answer */
    AgentCallException(String agentUrl, int status, String message) {
      super("compute agent " + agentUrl + ": " + message);
      this.category = status == 409 ? ErrorCategory.CONFLICT : ErrorCategory.UNAVAILABLE;
    }

    @Override
    public ErrorCategory category() {
      return category;
    }
  }
}

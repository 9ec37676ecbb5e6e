package org.vdpacompute.controller.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.vdpacompute.agent.protocol.AgentJson;
import org.vdpacompute.agent.protocol.AgentPaths;
import org.vdpacompute.agent.protocol.GuestAction;
import org.vdpacompute.agent.protocol.GuestBlueprint;
import org.vdpacompute.agent.protocol.GuestSummary;
import org.vdpacompute.agent.protocol.LiveMigrationRequest;
import org.vdpacompute.agent.protocol.PowerAction;
import org.vdpacompute.core.ErrorCategory;
import org.vdpacompute.core.VdpaComputeException;

/**
 * The controller's side of an agent's listener: every operation on the guests of a host, with the
 * controller's service token. Agents are reached at the URL each reports when it registers. Cold
 * moves need nothing of their own: the controller stops the guest on the source ({@link #power}),
 * spawns it on the destination and destroys it on the source once the move is confirmed.
 */
public final class AgentClient {
  private static final ObjectMapper JSON = AgentJson.mapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Supplier<String> serviceToken;

  /** @param serviceToken a valid token of the service user, e.g. one the controller issues itself */
  public AgentClient(Supplier<String> serviceToken) {
    this.serviceToken = serviceToken;
  }

  /** The answer of {@code GET /guests}. */
  private record GuestList(List<GuestSummary> guests) {}

  /**
   * Defines and starts a guest as the blueprint describes it. A guest already defined on the host
   * and shut off is defined anew from the blueprint (a same-host resize or its revert); a running,
   * paused or saved one is refused with {@link ErrorCategory#CONFLICT}.
   */
  public void spawn(URI agent, GuestBlueprint guest) {
    send(agent, "PUT", AgentPaths.guest(guest.uuid()), guest, 201);
  }

  /** Powers a guest off and undefines it; a guest already gone is fine. */
  public void destroy(URI agent, UUID instance) {
    send(agent, "DELETE", AgentPaths.guest(instance), null, 204);
  }

  public void power(URI agent, UUID instance, PowerAction action) {
    act(agent, instance, GuestAction.POWER, action);
  }

  /** Detaches the guest's passthrough NICs (those of the blueprint), then pauses it; the claim stays. */
  public void suspend(URI agent, GuestBlueprint guest) {
    act(agent, guest.uuid(), GuestAction.SUSPEND, guest);
  }

  /** Resumes the guest, then attaches the blueprint's passthrough NICs again. */
  public void resume(URI agent, GuestBlueprint guest) {
    act(agent, guest.uuid(), GuestAction.RESUME, guest);
  }

  public void attachNic(URI agent, UUID instance, GuestBlueprint.Nic nic) {
    act(agent, instance, GuestAction.ATTACH_INTERFACE, nic);
  }

  public void detachNic(URI agent, UUID instance, GuestBlueprint.Nic nic) {
    act(agent, instance, GuestAction.DETACH_INTERFACE, nic);
  }

  /**
   * Live-migrates the guest from the agent at {@code sourceAgent} to destHost, whose agent is at
   * {@code destAgent}: the source detaches the passthrough NICs of {@code source}, migrates the guest
   * so that it runs on the destination with the domain of {@code destination} minus its passthrough
   * NICs; on any failure the guest stays (or is put back) on the source with its passthrough NICs
   * attached again and this throws. The controller attaches the destination's passthrough NICs
   * afterwards with {@link #attachNic}. A paused guest (suspended, so without its passthrough NICs)
   * arrives paused; its {@link #resume} on the destination attaches them.
   */
  public void liveMigrate(URI sourceAgent, GuestBlueprint source, String destHost, URI destAgent,
      GuestBlueprint destination) {
    act(sourceAgent, source.uuid(), GuestAction.LIVE_MIGRATE,
        new LiveMigrationRequest(source, destHost, destAgent, destination));
  }

  /** The guests defined on the host, with their states. */
  public List<GuestSummary> guests(URI agent) {
    String body = send(agent, "GET", AgentPaths.GUESTS, null, 200);
    try {
      return JSON.readValue(body, GuestList.class).guests();
    } catch (JsonProcessingException e) {
      throw new AgentCallException(agent, 200, "the guest list is not one: " + e.getOriginalMessage(), e);
    }
  }

  /** What the guest wrote to its serial console, the end of its log. */
  public String consoleLog(URI agent, UUID instance) {
    String body = send(agent, "GET", AgentPaths.console(instance), null, 200);
    try {
      return JSON.readTree(body).path("output").asText();
    } catch (JsonProcessingException e) {
      throw new AgentCallException(agent, 200, "the console log is not one: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Emulated hosts only (any other has no such route): makes the next {@code operation} (a guest
   * operation's API name, e.g. "spawn", "live_migrate", "attach_device") fail with {@code reason}.
   */
  public void injectFault(URI agent, String operation, String reason) {
    send(agent, "POST", AgentPaths.ROOT + "/faults", Map.of("operation", operation, "reason", reason), 204);
  }

  private void act(URI agent, UUID instance, GuestAction action, Object argument) {
    send(agent, "POST", AgentPaths.action(instance), action.body(argument), 204);
  }

  /** Sends a request and returns the body of the expected answer; anything else is an {@link AgentCallException}. */
  private String send(URI agent, String method, String path, Object body, int expected) {
    if (agent == null) {
      throw new AgentCallException(null, 0, "the host's agent reported no URL to reach it at", null);
    }
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(agent + path))
          .timeout(Duration.ofSeconds(120))
          .header("Content-Type", "application/json")
          .header(AgentPaths.TOKEN_HEADER, serviceToken.get())
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new AgentCallException(agent, 0, "cannot make the request " + method + " " + path + ": " + e.getMessage(), e);
    }
    String requestId = MDC.get(AgentPaths.REQUEST_ID_MDC_KEY);
    if (requestId != null) request.header(AgentPaths.REQUEST_ID_HEADER, requestId);
    HttpResponse<String> r;
    try {
      r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AgentCallException(agent, 0, "unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentCallException(agent, 0, "interrupted", e);
    }
    if (r.statusCode() != expected) {
      throw new AgentCallException(agent, r.statusCode(), method + " " + path + " answered " + r.statusCode() + ": "
          + r.body(), null);
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
    private final boolean unreachable;

    /** @param status the agent's HTTP status, or 0 when it gave no answer */
    public AgentCallException(URI agent, int status, String message, Throwable cause) {
      super("compute agent " + agent + ": " + message, cause);
      this.category = status == 409 ? ErrorCategory.CONFLICT : ErrorCategory.UNAVAILABLE;
      this.unreachable = status == 0 && cause instanceof java.net.ConnectException;
    }

    /** Whether nothing listened at the agent's address: the request never reached an agent. */
    public boolean unreachable() {
      return unreachable;
    }

    @Override
    public ErrorCategory category() {
      return category;
    }
  }
}

package org.vdpacompute.controller.compute;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Records what is asked of servers ({@code os-instance-actions}): the action when the API accepts
 * it, under the request's id, and each step of the background work as an event with its result.
 */
public final class InstanceActions {
  private final InstanceActionStore store;
  private final Clock clock;

  public InstanceActions(InstanceActionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Records that an action was asked of a server by the caller of the current request. */
  public InstanceAction start(String instanceUuid, String action, String projectId, String userId) {
    String requestId = MDC.get("request_id");
    Instant now = now();
    return store.insert(new InstanceAction(0, instanceUuid, action,
        requestId == null ? "req-" + UUID.randomUUID() : requestId, projectId, userId, now, now, null, List.of()));
  }

  /** Runs one step of an action on a host, recording it as an event that succeeded or failed (and rethrowing). */
  public <T> T event(InstanceAction action, String event, String host, Supplier<T> step) {
    Instant started = now();
    try {
      T result = step.get();
      store.addEvent(action.id(), new InstanceAction.Event(event, host, started, now(), "Success", null));
      return result;
    } catch (RuntimeException e) {
      store.addEvent(action.id(), new InstanceAction.Event(event, host, started, now(), "Error", e.getMessage()));
      throw e;
    }
  }

  /** {@link #event} for a step that returns nothing. */
  public void event(InstanceAction action, String event, String host, Runnable step) {
    event(action, event, host, () -> {
      step.run();
      return null;
    });
  }

  /** Records a step that failed without running, such as a placement no host could take. */
  public void failed(InstanceAction action, String event, String host, String why) {
    Instant now = now();
    store.addEvent(action.id(), new InstanceAction.Event(event, host, now, now, "Error", why));
  }

  public List<InstanceAction> of(String instanceUuid) {
    return store.ofInstance(instanceUuid);
  }

  /** The action an instance's request asked for, with its events. */
  public Optional<InstanceAction> of(String instanceUuid, String requestId) {
    return store.byRequest(instanceUuid, requestId);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
